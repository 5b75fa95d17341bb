/**
 * The bench's measurements, each a function of its own: a cold pipeline run with memory sampling, the
 * bare printing floor, launch-per-document, the seed through the CLI, and structure throughput.
 * @module
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Browser } from "puppeteer-core";
import type { Config } from "../config/schema.js";
import { printFonts } from "../fonts/print.js";
import { type FoundBrowser, launchBrowser } from "../render/browser.js";
import { registerFonts } from "../render/fonts.js";
import { treeRssMb } from "../render/pool.js";
import { countPdfPages } from "../render/render.js";
import { type Reporter, type RunResult, runBriefs } from "../run/index.js";
import { PRINT_BASE } from "../run/printer.js";
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

/**
 * A bare page printing documents as the pipeline does — from the `file:` base page, with the
 * configured fonts registered, once they are loaded — and nothing else (no request filter, no
 * fitting, no checks, no metadata).
 */
async function barePrinter(browser: Browser, config: Config) {
  const fonts = printFonts(config.fonts);
  const page = await browser.newPage();
  await page.goto(PRINT_BASE);
  return async (html: string) => {
    await registerFonts(page, html, fonts);
    await page.setContent(html);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.pdf({ format: "A4", printBackground: true });
  };
}

/** Milliseconds per document printing the same HTML in one bare reused page. */
export async function floor(config: Config, found: FoundBrowser, htmls: readonly string[]): Promise<number> {
  const browser = await launch(found, config);
  try {
    const print = await barePrinter(browser, config);
    await print(htmls[0] as string);
    const { ms } = await timed(async () => {
      for (const html of htmls) await print(html);
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
      await (await barePrinter(b, config))(html);
      await b.close();
    }
  });
  return ms / htmls.length;
}

/** Sizes of the PDFs under a folder: total bytes and pages, and the largest one-page executive brief. */
export function pdfSizes(dir: string) {
  let bytes = 0;
  let pages = 0;
  let files = 0;
  let executive = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!entry.endsWith(".pdf") || entry.startsWith("runs")) continue;
    const pdf = readFileSync(join(dir, entry));
    const n = countPdfPages(pdf);
    bytes += pdf.length;
    pages += n;
    files++;
    if (basename(entry) === "executive.pdf" && n === 1) executive = Math.max(executive, pdf.length);
  }
  return { bytes, pages, files, executive };
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
