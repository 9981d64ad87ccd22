/** Studies: many seeded runs per optimizer configuration, then statistics (see docs/studies.md). */
export {
  STUDY_METRICS, higherIsBetter, prepareStudyData, prepareStudyDataAsync, resolveAuto,
  type StudyBudget, type StudyData, type StudyInit, type StudyLoss, type StudyMetric, type StudySetup,
} from "./setup.js";
export { meanPool, poolDataset } from "./pool.js";
export { sigmoidMseOneHot, uniformInit } from "./sigmoid-mse.js";
export { batchStream, initialModel, runOne, scoreRun, type RunOutcome } from "./run-one.js";
export { studyJobs, timeLeft, type Job, type RunReport } from "./jobs.js";
export { analyzeStudy, type ConfigResult, type PairResult, type StudyAnalysis } from "./analyze.js";
export { checkSetup, runStudy, type StudyOptions, type StudyResult } from "./study.js";
export { describeSetup, studyFigure, studyJson, studyText } from "./report.js";
export { TOUR_STUDY_SIZE, momentumStudySection, type MomentumTourSection } from "./tour-section.js";
export {
  KNEUSEL_BOOK, KNEUSEL_DEFAULT, KNEUSEL_REPORTED, PRESET_NAMES, presetSetup, type PresetName,
} from "./preset.js";
