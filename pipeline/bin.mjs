#!/usr/bin/env node
// The `brief` command. Runs the bundle in build/ when it is newer than every pipeline/ source (made by
// `npm install` / `npm run build`), else the TypeScript sources through tsx.
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, "..", "build", "cli.mjs");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let fresh = false;
try {
  fresh = process.env.BRIEF_NO_BUNDLE !== "1" && statSync(bundle).mtimeMs > newestSource(here);
} catch {
  fresh = false;
}
let main;
if (fresh) ({ main } = await import(bundle));
else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("./cli.ts"));
}
process.exitCode = await main(process.argv.slice(2));
