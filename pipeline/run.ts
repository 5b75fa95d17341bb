/**
 * Composes the stages for one run: read sources → structure → compose per audience → render → write.
 * The only file that knows every stage. The browser is launched here and closed in `finally`.
 * @module
 */
import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "puppeteer-core";
import { type Composed, createComposer } from "./compose/compose.js";
import type { Config } from "./config/schema.js";
import { BriefError, describeError } from "./errors.js";
import { listSources, readSource } from "./read.js";
import { findBrowser, launchBrowser } from "./render/browser.js";
import { countPdfPages, renderPdf } from "./render/render.js";
import { loadCues } from "./structure/cues.js";
import type { BriefModel, Message } from "./structure/model.js";
import { type ExplainEntry, structureSource } from "./structure/structure.js";
import { writeBrief, writeModel } from "./write/write.js";

/** Where a run reports progress: one line per event. */
export interface Reporter {
  line(text: string): void;
  warn(text: string): void;
}

/** A brief that was built. */
export interface BuiltBrief {
  slug: string;
  title: string;
  audience: string;
  html: string;
  pdf: string;
  ms: number;
}

/** A source or brief that failed, with its message. */
export interface Failure {
  source: string;
  audience?: string;
  message: string;
}

/** What a run did. */
export interface RunResult {
  built: BuiltBrief[];
  failed: Failure[];
  messages: Message[];
  models: BriefModel[];
  explain: Map<string, ExplainEntry[]>;
  ms: number;
}

/** Options of one run. */
export interface RunOptions {
  config: Config;
  reporter: Reporter;
  /** Only these audience keys (default: all in config). */
  audiences?: string[];
  /** Structure only: no compose, no render, nothing written. */
  structureOnly?: boolean;
  /** Launches the browser (tests pass their own). */
  launch?: () => Promise<Browser>;
}

/** How many times a brief's budgets may shrink to fit its `maxPages`. */
const MAX_SHRINK = 6;

const rel = (file: string) => relative(process.cwd(), file) || file;

/** Runs the pipeline once for every source × audience. */
export async function runBriefs(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const { config, reporter } = options;
  const result: RunResult = { built: [], failed: [], messages: [], models: [], explain: new Map(), ms: 0 };
  const cues = loadCues(config.structure.cues);
  const sources = await listSources(config.sources);
  if (sources.length === 0) {
    throw new BriefError(`no sources match ${config.sources.map(rel).join(", ")}`, {
      place: { file: rel(config.file) },
      hint: "run `npm run ingest -- <page.txt>` to make sources, or fix `sources:` in the config",
    });
  }
  const audienceKeys = options.audiences ?? Object.keys(config.audiences);

  // Structure every source; a bad source is reported by name and skipped.
  for (const source of sources) {
    try {
      const text = await readSource(source.file);
      const { model, explain } = structureSource(text, rel(source.file), source.slug, { cues });
      result.models.push(model);
      result.explain.set(source.slug, explain);
      result.messages.push(...model.messages);
      for (const m of model.messages) reporter.warn(`${m.file}: ${m.level} [${m.rule}] ${m.reason}`);
    } catch (error) {
      const message = describeError(error);
      result.failed.push({ source: rel(source.file), message });
      reporter.warn(`✗ ${rel(source.file)}: skipped\n${indent(message)}`);
    }
  }
  if (options.structureOnly) {
    result.ms = performance.now() - started;
    return result;
  }

  // Compose every brief; a template problem fails that audience only.
  const composer = createComposer(config);
  const jobs: { model: BriefModel; audience: string; composed: Composed; composeMs: number }[] = [];
  for (const model of result.models) {
    await writeModel(config.out, model);
    for (const audience of audienceKeys) {
      const t0 = performance.now();
      try {
        const composed = composer.compose(model, audience);
        jobs.push({ model, audience, composed, composeMs: performance.now() - t0 });
      } catch (error) {
        const message = describeError(
          new BriefError(`cannot compose ${model.source} for audience "${audience}"`, { cause: error }),
        );
        result.failed.push({ source: model.source, audience, message });
        reporter.warn(`✗ ${model.slug}  ${audience}\n${indent(message)}`);
      }
    }
  }

  // Render and write: one browser, a small pool of pages.
  if (jobs.length > 0) {
    const browser = await (
      options.launch ?? (async () => launchBrowser(await findBrowser(config.browser.executablePath)))
    )();
    try {
      const allow = config.templateDirs.map((d) => pathToFileURL(d).href);
      const pool = Math.max(
        1,
        Math.min(jobs.length, config.browser.pages ?? Math.min(4, availableParallelism())),
      );
      const print = (composed: Composed, label: string) =>
        renderPdf(browser, composed.html, {
          label,
          timeoutMs: config.browser.timeoutMs,
          allow,
          pdf: {
            format: config.pdf.format,
            margin: config.pdf.margin,
            displayHeaderFooter: true,
            headerTemplate: composed.headerTemplate,
            footerTemplate: composed.footerTemplate,
          },
          onEvent: (e) => reporter.warn(`  ${label}: ${e.type}: ${e.text}`),
        });
      let next = 0;
      const worker = async () => {
        while (next < jobs.length) {
          const job = jobs[next++] as (typeof jobs)[number];
          const label = `${job.model.source} → ${job.audience}`;
          const t0 = performance.now();
          try {
            const maxPages = config.audiences[job.audience]?.maxPages ?? null;
            let composed = job.composed;
            let pdf = await print(composed, label);
            // Fit: shrink the audience's budgets until the brief fits its pages (or nothing is left to shrink).
            for (
              let level = 1;
              maxPages !== null && countPdfPages(pdf) > maxPages && level <= MAX_SHRINK;
              level++
            ) {
              composed = composer.compose(job.model, job.audience, { level });
              pdf = await print(composed, label);
            }
            if (maxPages !== null && countPdfPages(pdf) > maxPages) {
              reporter.warn(
                `  ${label}: still ${countPdfPages(pdf)} pages after shrinking every budget (maxPages ${maxPages})`,
              );
            }
            job.composed = composed;
            const pdfMs = performance.now() - t0;
            const written = await writeBrief(config.out, job.model.slug, job.audience, {
              html: job.composed.html,
              pdf,
            });
            result.built.push({
              slug: job.model.slug,
              title: job.model.title,
              audience: job.audience,
              ...written,
              ms: pdfMs + job.composeMs,
            });
            reporter.line(
              `✓ ${job.model.slug}  ${job.audience.padEnd(12)} html ${ms(job.composeMs)}  pdf ${ms(pdfMs)}`,
            );
          } catch (error) {
            const message = describeError(error);
            result.failed.push({ source: job.model.source, audience: job.audience, message });
            reporter.warn(`✗ ${job.model.slug}  ${job.audience}\n${indent(message)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: pool }, worker));
    } finally {
      await browser.close().catch(() => undefined);
    }
  }
  result.ms = performance.now() - started;
  return result;
}

function ms(n: number): string {
  return `${Math.round(n)} ms`.padStart(7);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
