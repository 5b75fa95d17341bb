/**
 * The bench's measurements, each a function of its own: a cold pipeline run with memory sampling, the
 * bare printing floor, launch-per-document, the seed through the CLI, and structure throughput.
 * @module
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/schema.js";
import { type FoundBrowser, launchBrowser } from "../render/browser.js";
import { treeRssMb } from "../render/pool.js";
import { type Reporter, type RunResult, runBriefs } from "../run/index.js";
import { loadCues } from "../structure/cues.js";
import { structureSource } from "../structure/structure.js";

/** Milliseconds a function takes. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

const launch = (found: FoundBrowser, config: Config) =>
  launchBrowser(found, {}, { singleProcess: config.browser.singleProcess && !config.browser.javaScript });

/** A cold run of the pipeline, sampling Chromium's memory and the total RSS every 50 briefs. */
export async function coldRun(config: Config, found: FoundBrowser, freshPage: boolean) {
  const pids: number[] = [];
  const chromium = () => pids.reduce((s, p) => s + treeRssMb(p), 0);
  let peakChromium = 0;
  const rssAt = new Map<number, number>();
  let built = 0;
  const sampler = setInterval(() => {
    peakChromium = Math.max(peakChromium, chromium());
  }, 250);
  const reporter: Reporter = {
    line: (t) => {
      if (t.startsWith("✓") && ++built % 50 === 0)
        rssAt.set(built, process.memoryUsage().rss / 2 ** 20 + chromium());
    },
    warn: () => undefined,
  };
  try {
    const { value, ms } = await timed(() =>
      runBriefs({
        config,
        reporter,
        force: true,
        freshPage,
        launch: async () => {
          const b = await launch(found, config);
          const pid = b.process()?.pid;
          if (pid) pids.push(pid);
          return b;
        },
      }),
    );
    return { result: value as RunResult, ms, peakChromium, rssAt };
  } finally {
    clearInterval(sampler);
  }
}

/** Milliseconds per document printing the same HTML in one bare reused page. */
export async function floor(config: Config, found: FoundBrowser, htmls: readonly string[]): Promise<number> {
  const browser = await launch(found, config);
  try {
    const page = await browser.newPage();
    await page.setContent(htmls[0] as string);
    await page.pdf({ format: "A4", printBackground: true });
    const { ms } = await timed(async () => {
      for (const html of htmls) {
        await page.setContent(html);
        await page.pdf({ format: "A4", printBackground: true });
      }
    });
    return ms / htmls.length;
  } finally {
    await browser.close();
  }
}

/** Milliseconds per document launching a browser for each. */
export async function launchPerDocument(config: Config, found: FoundBrowser, htmls: readonly string[]) {
  const { ms } = await timed(async () => {
    for (const html of htmls) {
      const b = await launch(found, config);
      const page = await b.newPage();
      await page.setContent(html);
      await page.pdf({ format: "A4", printBackground: true });
      await b.close();
    }
  });
  return ms / htmls.length;
}

/** Runs the CLI in a child process; resolves with its exit code and wall time. */
export function cliTimed(root: string, args: string[]): Promise<{ code: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "pipeline/bin.mjs"), ...args], {
      cwd: root,
      stdio: "ignore",
    });
    child.on("exit", (code) => resolve({ code: code ?? -1, ms: performance.now() - t0 }));
  });
}

/** Milliseconds to structure a source (best of `tries`, after one warm-up). */
export function structureMs(text: string, tries = 3): number {
  const cues = loadCues();
  structureSource(text, "bench.md", "bench", { cues });
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < tries; i++) {
    const t0 = performance.now();
    structureSource(text, "bench.md", "bench", { cues });
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** The HTML of built briefs. */
export const htmlsOf = (out: string, result: RunResult) =>
  result.built.map((b) => readFileSync(join(out, b.html), "utf8"));
