/**
 * Composes the stages for one run: read sources → structure → compose per audience → render → write.
 * The only file that knows every stage. Incremental: a brief is rebuilt only when the hash of its
 * inputs changed; a run with nothing to rebuild launches no browser. The browser (inside the renderer)
 * is created here and closed in `finally`.
 * @module
 */
import { readFileSync } from "node:fs";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "puppeteer-core";
import type { Composed } from "./compose/compose.js";
import { templateFilesFor } from "./compose/templates.js";
import { audienceTitle, type Config } from "./config/schema.js";
import { BriefError, describeError } from "./errors.js";
import { decode } from "./ingest/decode.js";
import { TOOL_VERSION } from "./paths.js";
import { listSources } from "./read.js";
import { findBrowser, launchBrowser } from "./render/browser.js";
import { createRenderer, type Renderer } from "./render/pool.js";
import { countPdfPages, printableArea } from "./render/render.js";
import { loadCues } from "./structure/cues.js";
import type { BriefModel, Message } from "./structure/model.js";
import type { ExplainEntry } from "./structure/structure.js";
import { writeArchive } from "./write/archive.js";
import { TEMP_PREFIX } from "./write/atomic.js";
import { acquireLock } from "./write/lock.js";
import { briefKey, hashOf, type Manifest, readManifest, writeManifest } from "./write/manifest.js";
import { writeBrief, writeModel } from "./write/write.js";

export { TOOL_VERSION };

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
  pdfHash: string;
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
  /** Briefs left as they were (nothing they depend on changed). */
  skipped: string[];
  failed: Failure[];
  messages: Message[];
  models: BriefModel[];
  explain: Map<string, ExplainEntry[]>;
  /** Browsers launched (0 when nothing needed printing). */
  launches: number;
  manifest: Manifest;
  ms: number;
}

/** Options of one run. */
export interface RunOptions {
  config: Config;
  reporter: Reporter;
  /** Only these audience keys (default: all in config). */
  audiences?: string[];
  /** Only sources whose path contains one of these strings (default: all). */
  only?: string[];
  /** Structure only: no compose, no render, nothing written. */
  structureOnly?: boolean;
  /** Rebuild every brief, changed or not. */
  force?: boolean;
  /** Milliseconds to wait for another run's lock on the output folder (default 0: fail at once). */
  lockWaitMs?: number;
  /** Starts the browser (tests and the bench pass their own). */
  launch?: () => Promise<Browser>;
  /** Print a new page for every brief instead of reusing a page per worker. */
  freshPage?: boolean;
}

/** How many times a brief's budgets may shrink to fit its `maxPages`. */
const MAX_SHRINK = 6;

const rel = (file: string) => relative(process.cwd(), file) || file;

interface SourceInput {
  file: string;
  slug: string;
  text: string;
  hash: string;
}

/** Hashes of template files, read once per run. */
function templateHasher(config: Config) {
  const fileHashes = new Map<string, string>();
  const audienceHashes = new Map<string, string>();
  return (audience: string): string => {
    let h = audienceHashes.get(audience);
    if (h) return h;
    const template = config.audiences[audience]?.template;
    if (!template) throw new BriefError(`unknown audience "${audience}"`);
    const files = templateFilesFor(config.templateDirs, template);
    h = hashOf(
      ...files.map((f) => {
        let fh = fileHashes.get(f);
        if (!fh) {
          fh = hashOf(f, readFileSync(f));
          fileHashes.set(f, fh);
        }
        return fh;
      }),
    );
    audienceHashes.set(audience, h);
    return h;
  };
}

/** Removes temp files a killed run left in the output folder. */
async function removeDebris(out: string): Promise<void> {
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith(TEMP_PREFIX)) await rm(join(dir, e.name), { force: true });
      else if (e.isDirectory() && depth < 1) await walk(join(dir, e.name), depth + 1);
    }
  };
  await walk(out, 0);
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

/** Runs the pipeline once for every source × audience. */
export async function runBriefs(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const { config, reporter } = options;
  const result: RunResult = {
    built: [],
    skipped: [],
    failed: [],
    messages: [],
    models: [],
    explain: new Map(),
    launches: 0,
    manifest: { version: 1, briefs: {} },
    ms: 0,
  };
  const cues = loadCues(config.structure.cues);
  let sources = await listSources(config.sources);
  if (options.only) sources = sources.filter((s) => options.only?.some((o) => s.file.includes(o)));
  if (sources.length === 0) {
    throw new BriefError(`no sources match ${config.sources.map(rel).join(", ")}`, {
      place: { file: rel(config.file) },
      hint: "run `npm run ingest -- <page.txt>` to make sources, or fix `sources:` in the config",
    });
  }
  const audienceKeys = options.audiences ?? Object.keys(config.audiences);

  // Read every source; a bad one is reported by name and skipped.
  const inputs: SourceInput[] = [];
  for (const source of sources) {
    try {
      const bytes = await readFile(source.file);
      const { text } = decode(bytes, rel(source.file));
      inputs.push({ ...source, text, hash: hashOf(bytes) });
    } catch (error) {
      const message = describeError(error);
      result.failed.push({ source: rel(source.file), message });
      reporter.warn(`✗ ${rel(source.file)}: skipped\n${indent(message)}`);
    }
  }

  // The structure and compose stages (unified, Handlebars) load only when something is to be built.
  let structureSource: typeof import("./structure/structure.js").structureSource | undefined;
  const structure = (input: SourceInput): BriefModel | undefined => {
    try {
      if (!structureSource) throw new BriefError("internal: the structure stage is not loaded");
      const { model, explain } = structureSource(input.text, rel(input.file), input.slug, { cues });
      result.models.push(model);
      result.explain.set(input.slug, explain);
      result.messages.push(...model.messages);
      for (const m of model.messages) reporter.warn(`${m.file}: ${m.level} [${m.rule}] ${m.reason}`);
      return model;
    } catch (error) {
      const message = describeError(error);
      result.failed.push({ source: rel(input.file), message });
      reporter.warn(`✗ ${rel(input.file)}: skipped\n${indent(message)}`);
      return undefined;
    }
  };

  if (options.structureOnly) {
    ({ structureSource } = await import("./structure/structure.js"));
    for (const input of inputs) structure(input);
    result.ms = performance.now() - started;
    return result;
  }

  const release = await acquireLock(config.out, {
    waitMs: options.lockWaitMs ?? 0,
    onMessage: reporter.warn,
  });
  let renderer: Renderer | undefined;
  try {
    await removeDebris(config.out);
    const manifest = await readManifest(config.out);
    result.manifest = manifest;
    const templatesHash = templateHasher(config);
    const cuesHash = hashOf(...config.structure.cues.map((f) => readFileSync(f)));
    const pdfConfig = JSON.stringify(config.pdf);

    // Decide what to rebuild; structure only the sources that have something to rebuild.
    type Job = { model: BriefModel; audience: string; hash: string; composed: Composed; composeMs: number };
    const jobs: Job[] = [];
    const pendingBySource = new Map<SourceInput, { audience: string; hash: string }[]>();
    for (const input of inputs) {
      const pending: { audience: string; hash: string }[] = [];
      for (const audience of audienceKeys) {
        let hash: string;
        try {
          hash = hashOf(
            TOOL_VERSION,
            input.hash,
            cuesHash,
            JSON.stringify(config.audiences[audience]),
            pdfConfig,
            templatesHash(audience),
          );
        } catch (error) {
          result.failed.push({ source: rel(input.file), audience, message: describeError(error) });
          reporter.warn(`✗ ${input.slug}  ${audience}\n${indent(describeError(error))}`);
          continue;
        }
        const entry = manifest.briefs[briefKey(input.slug, audience)];
        const upToDate =
          !options.force &&
          entry?.hash === hash &&
          (await exists(join(config.out, entry.pdf))) &&
          (await exists(join(config.out, entry.html)));
        if (upToDate) result.skipped.push(briefKey(input.slug, audience));
        else pending.push({ audience, hash });
      }
      if (pending.length > 0) pendingBySource.set(input, pending);
    }

    // Something to print: start the browser now, while the sources are structured and composed.
    const allow = config.templateDirs.map((d) => pathToFileURL(d).href.replace(/\/?$/, "/"));
    const pages = Math.max(1, config.browser.pages ?? Math.min(4, availableParallelism()));
    let composerRef: import("./compose/compose.js").Composer | undefined;
    if (pendingBySource.size > 0) {
      // Find the browser before any render: without one no brief can be printed, and the error says how to get one.
      const found = options.launch ? undefined : await findBrowser(config.browser.executablePath);
      renderer = createRenderer({
        launch:
          options.launch ??
          (async () =>
            launchBrowser(
              found as NonNullable<typeof found>,
              {},
              { singleProcess: config.browser.singleProcess && !config.browser.javaScript },
            )),
        pages,
        freshPage: options.freshPage ?? false,
        onEvent: (text) => reporter.warn(`  ${text}`),
      });
      renderer.warm();
      if (process.env.BRIEF_TRACE === "1") reporter.warn("trace: browser launch started");
      ({ structureSource } = await import("./structure/structure.js"));
      composerRef = (await import("./compose/compose.js")).createComposer(config);
    }
    const composer = composerRef as import("./compose/compose.js").Composer;

    // Structure and compose source by source while the workers already print what is ready.
    let producing = true;
    const waiting: (() => void)[] = [];
    const notify = () => {
      for (const wake of waiting.splice(0)) wake();
    };
    const produce = async () => {
      for (const [input, pending] of pendingBySource) {
        const model = structure(input);
        if (!model) continue;
        await writeModel(config.out, model);
        for (const { audience, hash } of pending) {
          const t0 = performance.now();
          try {
            const composed = composer.compose(model, audience);
            jobs.push({ model, audience, hash, composed, composeMs: performance.now() - t0 });
            notify();
          } catch (error) {
            const message = describeError(
              new BriefError(`cannot compose ${model.source} for audience "${audience}"`, { cause: error }),
            );
            result.failed.push({ source: model.source, audience, message });
            reporter.warn(`✗ ${model.slug}  ${audience}\n${indent(message)}`);
          }
        }
        await new Promise((r) => setImmediate(r));
      }
      producing = false;
      notify();
      if (process.env.BRIEF_TRACE === "1") reporter.warn(`trace: ${jobs.length} briefs composed`);
    };
    let next = 0;
    const takeJob = async (): Promise<Job | undefined> => {
      for (;;) {
        if (next < jobs.length) return jobs[next++];
        if (!producing) return undefined;
        await new Promise<void>((r) => waiting.push(r));
      }
    };

    if (!renderer) await produce();
    else {
      const r = renderer;
      const area = printableArea(config.pdf.format, config.pdf.margin);
      const print = (
        composed: Composed,
        label: string,
        fit?: { model: BriefModel; audience: string; maxPages: number; from: number },
      ) =>
        r.render(composed.html, {
          label,
          timeoutMs: config.browser.timeoutMs,
          allow,
          javaScript: config.browser.javaScript,
          pdf: {
            format: config.pdf.format,
            margin: config.pdf.margin,
            displayHeaderFooter: true,
            headerTemplate: composed.headerTemplate,
            footerTemplate: composed.footerTemplate,
          },
          onEvent: (e) => reporter.warn(`  ${label}: ${e.type}: ${e.text}`),
          ...(fit
            ? {
                fit: {
                  maxPages: fit.maxPages,
                  area,
                  variant: (level: number) =>
                    fit.from + level <= MAX_SHRINK
                      ? composer.compose(fit.model, fit.audience, { level: fit.from + level }).html
                      : undefined,
                },
              }
            : {}),
        });
      const worker = async () => {
        for (let job = await takeJob(); job; job = await takeJob()) {
          const label = `${job.model.source} → ${job.audience}`;
          const t0 = performance.now();
          try {
            const audience = config.audiences[job.audience];
            const maxPages = audience?.maxPages ?? null;
            // Fit: the renderer measures the layout and takes shorter variants (smaller budgets) until
            // the brief fits its pages; a printed count still over is shrunk further, printing again.
            let printed = await print(
              job.composed,
              label,
              maxPages === null ? undefined : { model: job.model, audience: job.audience, maxPages, from: 0 },
            );
            let level = printed.level;
            while (maxPages !== null && countPdfPages(printed.pdf) > maxPages && level < MAX_SHRINK) {
              level++;
              printed = await print(composer.compose(job.model, job.audience, { level }), label, {
                model: job.model,
                audience: job.audience,
                maxPages,
                from: level,
              });
              level += printed.level;
            }
            const pdf = printed.pdf;
            const pages = countPdfPages(pdf);
            if (maxPages !== null && pages > maxPages) {
              reporter.warn(
                `  ${label}: still ${pages} pages after shrinking every budget (maxPages ${maxPages})`,
              );
            }
            const pdfMs = performance.now() - t0;
            const written = await writeBrief(config.out, job.model.slug, job.audience, {
              html: printed.html,
              pdf,
            });
            const pdfHash = hashOf(pdf);
            manifest.briefs[briefKey(job.model.slug, job.audience)] = {
              slug: job.model.slug,
              audience: job.audience,
              audienceTitle: audienceTitle(audience, job.audience, job.model.lang),
              title: job.model.title,
              lang: job.model.lang,
              source: job.model.source,
              ...written,
              hash: job.hash,
              pdfHash,
              pages,
              builtAt: new Date().toISOString(),
            };
            await writeManifest(config.out, manifest);
            result.built.push({
              slug: job.model.slug,
              title: job.model.title,
              audience: job.audience,
              ...written,
              pdfHash,
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
      await Promise.all([produce(), ...Array.from({ length: pages }, worker)]);
    }
    if (result.built.length > 0 || !(await exists(join(config.out, "index.html"))))
      await writeArchive(config.out, manifest);
  } finally {
    if (renderer) {
      result.launches = renderer.launches;
      await renderer.close();
    }
    await release();
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

/**
 * Prints standalone documents (digests) with one browser, closed at the end.
 * @param config the run's config (browser, pdf)
 * @param docs label and HTML of each document
 * @returns the PDFs, in order
 */
export async function printDocuments(
  config: Config,
  docs: { label: string; html: string; footer?: string }[],
): Promise<Uint8Array[]> {
  if (docs.length === 0) return [];
  const found = await findBrowser(config.browser.executablePath);
  const renderer = createRenderer({
    launch: () =>
      launchBrowser(found, {}, { singleProcess: config.browser.singleProcess && !config.browser.javaScript }),
    pages: 1,
  });
  try {
    const out: Uint8Array[] = [];
    for (const doc of docs) {
      const printed = await renderer.render(doc.html, {
        label: doc.label,
        timeoutMs: config.browser.timeoutMs,
        allow: config.templateDirs.map((d) => pathToFileURL(d).href.replace(/\/?$/, "/")),
        pdf: {
          format: config.pdf.format,
          margin: config.pdf.margin,
          displayHeaderFooter: true,
          headerTemplate: "<span></span>",
          footerTemplate:
            doc.footer ??
            '<div style="width:100%;font-size:7.5pt;color:#667;text-align:center;font-family:\'Noto Sans CJK SC\',sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
        },
      });
      out.push(printed.pdf);
    }
    return out;
  } finally {
    await renderer.close();
  }
}
