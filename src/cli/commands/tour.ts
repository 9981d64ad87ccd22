/** `descent tour`: the article, run step by step in the terminal, plus an HTML report with figures. */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { OptionError } from "../../errors.js";
import { sectionText, wrap } from "../../tour/text.js";
import { tourSections } from "../../tour/story.js";
import { writeTourReport, type ExtraSection } from "../../tour/report.js";
import { momentumStudySection } from "../../study/tour-section.js";
import { idxFolderOf, remoteDataset } from "../../data/index.node.js";
import { ensureDataOnMachine } from "../fetch-data.js";
import { table } from "../../util/format.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";

export const DEFAULT_TOUR_DIR = "descent-tour";

export const registerTour: RegisterCommand = (program: Command, io: CliIO) => {
  program
    .command("tour")
    .description("walk through the article: 1-D, overshoot, 2-D, several minima, optimizers, training")
    .option("--out <dir>", "folder for the report's figures (SVG and PNG) and index.html", DEFAULT_TOUR_DIR)
    .option("--no-report", "print the tour only; write no files")
    .option("--study <fashion-mnist|folder>", "add the optional momentum study (Kneusel's experiment, small: about a minute) on fashion-mnist (downloaded once) or an IDX folder")
    .action(async (flags: { out: string; report: boolean; study?: string }) => {
      let studyFolder: string | undefined;
      if (flags.study !== undefined && remoteDataset(flags.study) !== undefined) {
        await ensureDataOnMachine(flags.study, io);
        studyFolder = idxFolderOf(flags.study);
      } else if (flags.study !== undefined) {
        studyFolder = resolve(io.cwd, flags.study);
        if (!existsSync(studyFolder)) {
          throw new OptionError(`--study ${flags.study}: no such folder (give fashion-mnist, or a folder of the four Fashion-MNIST IDX files)`);
        }
      }
      io.stdout.write("descent tour: gradient descent, after Kneusel's Math for Deep Learning, chapter 11\n\n");
      const sections = tourSections();
      sections.forEach((s, i) => io.stdout.write(sectionText(s, i) + "\n"));
      const extra: ExtraSection[] = [];
      if (studyFolder !== undefined) {
        io.stdout.write("Does momentum help? Running the small momentum study…\n");
        const study = momentumStudySection(studyFolder);
        io.stdout.write(study.section.paragraphs.map((p) => wrap(p)).join("\n\n") + "\n\n" + table([...study.section.tables![0]!.columns], study.section.tables![0]!.rows.map((r) => [...r])) + "\n");
        extra.push({ section: study.section, figures: [{ file: study.section.figures![0]!.file, svg: study.svg }] });
      }
      if (flags.report) {
        const dir = resolve(io.cwd, flags.out);
        const index = await writeTourReport(dir, sections, extra);
        io.stdout.write(`The report with every figure: ${index}\n`);
      }
    });
};
