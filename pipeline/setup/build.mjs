#!/usr/bin/env node
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Bundles the TypeScript CLI into build/cli.mjs (dependencies stay external), so `brief` starts in
// a fraction of the time tsx needs. pipeline/bin.mjs uses the bundle only while it is newer than every
// source file, and falls back to tsx otherwise — an edited .ts file is never run stale.

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// esbuild is a development dependency: without it (npm install --omit=dev) the CLI runs through tsx.
const esbuild = await import("esbuild").catch(() => undefined);
if (!esbuild) {
  console.log("[policy-brief setup] esbuild not installed: no CLI bundle; `brief` runs through tsx");
  process.exit(0);
}
await esbuild.build({
  entryPoints: [join(root, "pipeline/cli.ts")],
  outdir: join(root, "build"),
  outExtension: { ".js": ".mjs" },
  // Commands and stages are loaded on demand (dynamic imports become chunks), so start-up stays small.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
});
