/**
 * `npm run bench`: measures the pipeline in one run and prints ratios.
 *   - the bare floor: the same HTML printed by one bare reused page of the same browser;
 *   - the pipeline's ms per brief (structure + compose + print + write, page pool, cold);
 *   - launch-per-document ms per brief for the same HTML (a sample);
 *   - the no-change re-run (it must launch no browser);
 *   - peak RSS of node and of Chromium, and RSS at brief 50/100/150/200 when the run is that long;
 *   - the seed, cold and re-run, all audiences, end to end through the CLI, and its PDFs' bytes;
 *   - bytes per PDF page (the synthetic articles and the seed);
 *   - structure of a 1 MB article.
 * Options: --articles N (default 30), --launch-sample N (default 8), --fresh-page.
 * Uses the shipped default config (pipeline/config/default-config.yaml), never your config.yaml.
 * @module
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/load.js";
import { PROJECT_ROOT } from "../paths.js";
import { findBrowser } from "../render/browser.js";
import { runBriefs } from "../run/index.js";
import {
  cliTimed,
  coldRun,
  floor,
  htmlsOf,
  launchPerDocument,
  pdfSizes,
  structureMs,
  timed,
} from "./measure.js";
import { longArticle, syntheticArticle } from "./synthetic.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const fmt = (n: number) => n.toFixed(1);
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

/** The PDF size lines: bytes per page of a run and of the seed, the seed's total and its largest executive. */
function sizeReport(run: ReturnType<typeof pdfSizes>, seed: ReturnType<typeof pdfSizes>): string {
  return `PDF bytes per page (bench run)      ${kb(run.bytes / Math.max(1, run.pages))}   (${run.files} PDFs, ${run.pages} pages)
seed PDFs                           ${(seed.bytes / 2 ** 20).toFixed(2)} MB for ${seed.files} PDFs, ${kb(seed.bytes / Math.max(1, seed.pages))} per page   (target ≤ 2.5 MB)
  largest one-page executive        ${kb(seed.executive)}   (target ≤ 200 KB)`;
}
const silent = { line: () => undefined, warn: () => undefined };

/** A throwaway project with `n` synthetic sources and the default config. */
function benchProject(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), "brief-bench-"));
  mkdirSync(join(dir, "sources"));
  for (let i = 0; i < n; i++)
    writeFileSync(join(dir, "sources", `bench-${String(i + 1).padStart(3, "0")}.md`), syntheticArticle(i));
  copyFileSync(join(PROJECT_ROOT, "pipeline/config/default-config.yaml"), join(dir, "config.yaml"));
  return dir;
}

async function main(): Promise<void> {
  const articles = arg("--articles", 30);
  const freshPage = process.argv.includes("--fresh-page");
  const dir = benchProject(articles);
  try {
    const config = await loadConfig(join(dir, "config.yaml"));
    const found = await findBrowser(config.browser.executablePath);
    console.log(
      `bench: ${articles} articles × ${Object.keys(config.audiences).length} audiences, ${availableParallelism()} cores, ${found.path}`,
    );
    const cold = await coldRun(config, found, freshPage);
    const again = await timed(() => runBriefs({ config, reporter: silent }));
    const htmls = htmlsOf(config.out, cold.result);
    const floorMs = await floor(config, found, htmls);
    const sample = htmls.slice(0, arg("--launch-sample", 8));
    const launchMs = await launchPerDocument(config, found, sample);
    spawnSync(process.execPath, [join(PROJECT_ROOT, "pipeline/setup/build.mjs")], { cwd: PROJECT_ROOT });
    const seedOut = join(dir, "seed-dist");
    const seed = await cliTimed(PROJECT_ROOT, ["brief", "--force", "--out", seedOut]);
    const seedRerun = await cliTimed(PROJECT_ROOT, ["brief", "--out", seedOut]);
    const oneMb = structureMs(longArticle(1024 * 1024));
    const perBrief = cold.ms / cold.result.built.length;
    const at50 = cold.rssAt.get(50);
    const at200 = cold.rssAt.get(200);
    console.log(`
briefs built (cold)                 ${cold.result.built.length}  (${cold.result.failed.length} failed)
bare floor, reused page             ${fmt(floorMs)} ms per brief
pipeline, cold                      ${fmt(perBrief)} ms per brief   (${fmt(cold.ms / 1000)} s in all)
  ratio pipeline / floor            ${(perBrief / floorMs).toFixed(2)}   (target ≤ 1.3)
launch per document (${sample.length} sampled)      ${fmt(launchMs)} ms per brief
  speed-up over launch-per-doc      ${(launchMs / perBrief).toFixed(1)}×   (target ≥ 5×)
no-change re-run (in process)       ${fmt(again.ms)} ms, ${again.value.built.length} rebuilt, ${again.value.launches} browsers launched   (target ≤ 500 ms, 0 launches)
seed, cold, all audiences, CLI      ${fmt(seed.ms)} ms end to end (exit ${seed.code})   (target ≤ 3000 ms)
seed, no-change re-run, CLI         ${fmt(seedRerun.ms)} ms end to end (node start-up included)
${sizeReport(pdfSizes(config.out), pdfSizes(seedOut))}
structure of a 1 MB article         ${fmt(oneMb)} ms   (target ≤ 1000 ms)
peak RSS: node ${fmt(process.resourceUsage().maxRSS / 1024)} MB, Chromium ${fmt(cold.peakChromium)} MB
RSS (node + Chromium) at brief      ${[...cold.rssAt].map(([n, mb]) => `${n}: ${fmt(mb)} MB`).join(", ") || "(run ≥ 50 briefs to sample)"}
${at50 && at200 ? `  RSS change brief 50 → 200        ${(((at200 - at50) / at50) * 100).toFixed(1)}%   (target within ±10%)` : "  (RSS flatness needs ≥ 200 briefs: npm run bench -- --articles 50)"}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
