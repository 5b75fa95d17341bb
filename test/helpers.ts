/** Shared test helpers: temp folders, running the CLI, reading PDFs as text. */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The project's root folder. */
export const ROOT = resolve(import.meta.dirname, "..");
/** The seed page kept in the project. */
export const SEED = join(ROOT, "sources/raw/000_5f243a6afe7eb4cc.txt");

/** Makes a temp folder; remove it with `rmSync(dir, {recursive: true})` (see `cleanup`). */
export function tempDir(prefix = "brief-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes folders made by tempDir. */
export function cleanup(...dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

/**
 * Makes a throwaway project: config.yaml (given text) and a copy of the seed sources.
 * @param configText the config, or undefined for the project's own config.yaml with paths kept relative
 */
export function tempProject(configText?: string): string {
  const dir = tempDir("brief-project-");
  cpSync(join(ROOT, "sources"), join(dir, "sources"), { recursive: true });
  if (configText === undefined) cpSync(join(ROOT, "config.yaml"), join(dir, "config.yaml"));
  else writeFileSync(join(dir, "config.yaml"), configText);
  return dir;
}

/** Runs the CLI (`node pipeline/bin.mjs …`) and returns its exit code and output. */
export function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, "pipeline/bin.mjs"), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: 300_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, output: r.stdout + r.stderr };
}

/** Text of a PDF (poppler's pdftotext). */
export function pdfText(file: string): string {
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

/** Page count of a PDF (poppler's pdfinfo). */
export function pdfPages(file: string): number {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

/** Runs the CLI without blocking this process (servers in the test keep answering). */
export function cliAsync(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string; stderr: string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, "pipeline/bin.mjs"), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    child.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr, output: stdout + stderr }));
  });
}
