/** Helpers of the files that run builds in the test process (render, faults). */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { parseConfig } from "../pipeline/config/load.js";
import type { Reporter } from "../pipeline/run/index.js";
import { pdfPages } from "./helpers.js";

/** A reporter that keeps its lines. */
export const quiet = (): Reporter & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, line: (t) => lines.push(t), warn: (t) => lines.push(t) };
};

/** Rewrites a project's config.yaml through `patch` and parses it. */
export const configOf = (dir: string, patch: (text: string) => string = (t) => t) => {
  const file = join(dir, "config.yaml");
  writeFileSync(file, patch(readFileSync(file, "utf8")));
  return parseConfig(readFileSync(file, "utf8"), file);
};

/**
 * Every brief in an output folder is whole: no temporary debris, PDFs with pages, HTML closed.
 * `debris: true` (right after a run was killed): a temporary file may remain (the next run removes
 * it); every file under its final name must still be whole.
 */
export async function validPdfs(dir: string, options: { debris?: boolean } = {}): Promise<void> {
  for (const slug of readdirSync(dir).filter((d) => d.startsWith("000_"))) {
    for (const f of readdirSync(join(dir, slug))) {
      if (options.debris && f.startsWith(".tmp-")) continue;
      expect(f.startsWith(".tmp-"), `${slug}/${f} is debris`).toBe(false);
      if (f.endsWith(".pdf")) expect(await pdfPages(join(dir, slug, f)), `${slug}/${f}`).toBeGreaterThan(0);
      if (f.endsWith(".html")) expect(readFileSync(join(dir, slug, f), "utf8")).toMatch(/<\/html>\s*$/);
    }
  }
}
