/**
 * Builds the playground (web/) into web-dist/, the only folder `descent serve` serves.
 * The page imports the library from src/ directly; it must not pull in node-only modules
 * (src/plot/png.ts, write.ts, src/data/read-file.ts …), so views import specific modules.
 */
import { defineConfig } from "vite";

export default defineConfig({
  root: "web",
  base: "./",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: "../web-dist",
    emptyOutDir: true,
    target: "es2022",
    // One small app: a single chunk is simpler to serve and cache than a split.
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
});
