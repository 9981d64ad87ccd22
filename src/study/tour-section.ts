/**
 * The tour's optional "does momentum help?" section: the kneusel-momentum study at a size that
 * runs in well under a minute in one thread. Pure data: it returns the section's text, table and
 * figure (SVG source); the tour decides where to write the figure and whether to include it.
 */
import type { ReportSection } from "../plot/index.js";
import { analyzeStudy } from "./analyze.js";
import { KNEUSEL_BOOK, KNEUSEL_REPORTED, presetSetup } from "./preset.js";
import { studyFigure } from "./report.js";
import { runOne } from "./run-one.js";
import { prepareStudyData } from "./setup.js";
import type { StudyResult } from "./study.js";

export interface MomentumTourSection {
  result: StudyResult;
  /** The section for the report; its figure is `figureFile`, whose SVG source is `svg`. */
  section: ReportSection;
  svg: string;
}

/** Small by design: 600 minibatches × 3 seeds (≈ 6 runs of a few seconds each). */
export const TOUR_STUDY_SIZE = { minibatches: 600, repeats: 3 } as const;

/**
 * Runs the momentum study on the Fashion-MNIST folder `dataFolder`, in this thread, and returns
 * the section. `figureFile` is the name the section's figure will have beside the report.
 */
export function momentumStudySection(
  dataFolder: string,
  options: { minibatches?: number; repeats?: number; figureFile?: string } = {},
): MomentumTourSection {
  const setup = presetSetup("kneusel-momentum", process.cwd(), {
    data: dataFolder,
    minibatches: options.minibatches ?? TOUR_STUDY_SIZE.minibatches,
    repeats: options.repeats ?? TOUR_STUDY_SIZE.repeats,
  });
  const start = performance.now();
  const data = prepareStudyData(setup);
  const values = setup.optimizers.map((spec) => Array.from({ length: setup.repeats }, (_, i) => runOne(setup, data, spec, i + 1).value));
  const analysis = analyzeStudy("mcc", setup.optimizers, values);
  const result: StudyResult = { ...analysis, setup, interrupted: false, seconds: (performance.now() - start) / 1000, execution: "in-process" };
  const [plain, momentum] = analysis.configs as [StudyResult["configs"][0], StudyResult["configs"][0]];
  const pair = analysis.pairs[0]!;
  const figureFile = options.figureFile ?? "momentum-study.svg";
  const r = KNEUSEL_REPORTED;
  const mb = (setup.budget as { minibatches: number }).minibatches;
  const section: ReportSection = {
    heading: "Does momentum help? Seeds, then statistics",
    paragraphs: [
      `One training run says little: another seed gives another number. Kneusel settles the question the careful way: many seeded runs per setting, then statistics. Here a sigmoid MLP 196-100-50-10 learns Fashion-MNIST reduced to 14×14, by plain SGD with η = 1.0 and by SGD with η = 0.2 and momentum 0.9. Each seed gives both the same initial weights and the same minibatches.`,
      `With ${mb} minibatches and ${setup.repeats} seeds each (${result.seconds.toFixed(0)} s), the test MCC is ${plain.mean.toFixed(4)} ± ${plain.se.toFixed(4)} without momentum and ${momentum.mean.toFixed(4)} ± ${momentum.se.toFixed(4)} with it: Welch's t = ${pair.t.toFixed(2)} (p = ${pair.p_t.toPrecision(2)}), Mann–Whitney p = ${pair.p_u.toPrecision(2)}, Cohen's d = ${pair.d.toFixed(2)}. ${pair.better === null ? "At this size the difference is not significant at the 0.05 level." : `${pair.better === momentum.optimizer ? "Momentum" : "Plain SGD"} is better at the 0.05 level.`}`,
      `The book trains ${KNEUSEL_BOOK.minibatches.toLocaleString("en")} minibatches with ${KNEUSEL_BOOK.repeats} runs each and reports ${r.withoutMomentum.mean} ± ${r.withoutMomentum.se} against ${r.withMomentum.mean} ± ${r.withMomentum.se} (t = ${r.t}, Mann–Whitney p = ${r.mannWhitneyP}, d = ${r.cohenD}). Run it yourself with \`descent study --preset kneusel-momentum --minibatches ${KNEUSEL_BOOK.minibatches} --repeats ${KNEUSEL_BOOK.repeats}\`.`,
    ],
    figures: [{ file: figureFile, caption: "Test MCC of every seeded run, per configuration (black tick: median)." }],
    tables: [
      {
        columns: ["optimizer", "runs", "mean MCC", "standard error", "sd", "min", "max"],
        rows: analysis.configs.map((c) => [c.optimizer, c.values.length, c.mean.toFixed(5), c.se.toFixed(5), c.sd.toFixed(5), c.min.toFixed(5), c.max.toFixed(5)]),
      },
    ],
  };
  return { result, section, svg: studyFigure(result, { idPrefix: "momentum-study" }) };
}
