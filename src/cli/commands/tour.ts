/** `descent tour`: the article, run step by step in the terminal, plus an HTML report with figures. */
import type { Command } from "commander";
import { resolve } from "node:path";
import { sectionText } from "../../tour/text.js";
import { tourSections } from "../../tour/story.js";
import { writeTourReport } from "../../tour/report.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";

export const DEFAULT_TOUR_DIR = "descent-tour";

export const registerTour: RegisterCommand = (program: Command, io: CliIO) => {
  program
    .command("tour")
    .description("walk through the article: 1-D, overshoot, 2-D, several minima, optimizers, training")
    .option("--out <dir>", "folder for the report's figures (SVG and PNG) and index.html", DEFAULT_TOUR_DIR)
    .option("--no-report", "print the tour only; write no files")
    .action(async (flags: { out: string; report: boolean }) => {
      io.stdout.write("descent tour: gradient descent, after Kneusel's Math for Deep Learning, chapter 11\n\n");
      const sections = tourSections();
      sections.forEach((s, i) => io.stdout.write(sectionText(s, i) + "\n"));
      if (flags.report) {
        const dir = resolve(io.cwd, flags.out);
        const index = await writeTourReport(dir, sections);
        io.stdout.write(`The report with every figure: ${index}\n`);
      }
    });
};
