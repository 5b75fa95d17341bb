/**
 * Where the project's own files are, whether the code runs from `pipeline/` (tsx) or from the bundle
 * in `build/`: the folder holding this project's package.json.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "policy-brief"
    )
      return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the policy-brief project above ${start}`);
  }
}

/** The project's root folder. */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** The project's version (package.json): part of every brief's hash, so an upgrade rebuilds all. */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }
).version;
