/** Before any test file: bundle the CLI once, so every CLI run in the tests starts from the bundle. */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

export default async function setup(): Promise<void> {
  const root = resolve(import.meta.dirname, "..");
  await promisify(execFile)(process.execPath, [join(root, "pipeline/setup/build.mjs")], { cwd: root });
}
