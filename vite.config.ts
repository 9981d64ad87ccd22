/**
 * Builds the playground (web/) into web-dist/, the only folder `descent serve` serves.
 * The page imports the library through its browser-safe entry points only (src/index.ts and the
 * modules' index.ts files, `descent` and `descent/<module>` in package.json), which reach no
 * Node-only module (`*.node.ts`); test/architecture/ checks both.
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
