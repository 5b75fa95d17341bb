/**
 * Builds the planned briefs: sources are structured and composed one by one while workers already
 * print what is ready (fitting each brief to its pages), then each brief is written with its manifest
 * entry. A brief that fails is reported and the others go on.
 * @module
 */
import { type Composed, type Composer, fitLevels } from "../compose/compose.js";
import { type Audience, audienceTitle, type Config } from "../config/schema.js";
import { BriefError } from "../errors.js";
import { countPdfPages } from "../render/render.js";
import type { BriefModel } from "../structure/model.js";
import type { FontFolder } from "../write/fonts.js";
import { briefKey, hashOf, type Manifest, writeManifest } from "../write/manifest.js";
import { writeBrief, writeModel } from "../write/write.js";
import type { PendingBrief } from "./plan.js";
import type { Printer } from "./printer.js";
import { workQueue } from "./queue.js";
import { fail, type SourceInput, type Structurer } from "./sources.js";
import type { Reporter, RunResult } from "./types.js";

/** What building needs from the run. */
export interface BuildContext {
  config: Config;
  reporter: Reporter;
  result: RunResult;
  manifest: Manifest;
  printer: Printer;
  structure: Structurer;
  composer: Composer;
  /** The output's `fonts/` folder, for this run. */
  fonts: FontFolder;
}

interface Job extends PendingBrief, Composed {
  model: BriefModel;
  /** The source file's absolute path. */
  sourcePath: string;
  composeMs: number;
}

const ms = (n: number) => `${Math.round(n)} ms`.padStart(7);

/** Structures and composes every pending source, queueing its briefs. */
async function produce(ctx: BuildContext, pending: Map<SourceInput, PendingBrief[]>, push: (j: Job) => void) {
  for (const [input, briefs] of pending) {
    const model = ctx.structure(input);
    if (!model) continue;
    await writeModel(ctx.config.out, model);
    for (const brief of briefs) {
      const t0 = performance.now();
      try {
        const composed = ctx.composer.compose(model, brief.audience);
        push({ ...brief, model, sourcePath: input.file, ...composed, composeMs: performance.now() - t0 });
      } catch (error) {
        const e = new BriefError(`cannot compose ${model.source} for audience "${brief.audience}"`, {
          cause: error,
        });
        fail(ctx.result, ctx.reporter, model.source, e, brief.audience);
      }
    }
    // Let the workers print what is ready before the next source is structured.
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * How a brief is fitted to its audience's `maxPages` (undefined when it is not): level 0 (the HTML
 * composed first) holds the most content, each next level less; the fitter searches them for the
 * fullest that fits.
 * @param composer the run's composer
 * @param model the article
 * @param key the audience key
 * @param audience the audience's config
 * @param date the build date the variants show (default now)
 */
export function fitFor(
  composer: Composer,
  model: BriefModel,
  key: string,
  audience: Audience | undefined,
  date?: Date,
) {
  const maxPages = audience?.maxPages ?? null;
  if (!audience || maxPages === null) return undefined;
  const levels = fitLevels(model, audience);
  const variant = (level: number) =>
    level < levels ? composer.compose(model, key, { level, ...(date ? { date } : {}) }).html : undefined;
  return { maxPages, variant };
}

/** Prints one brief (fitted to its `maxPages`), writes it and records it in the manifest. */
async function buildOne(ctx: BuildContext, job: Job): Promise<void> {
  const { config, reporter, manifest } = ctx;
  const audience = config.audiences[job.audience];
  const label = `${job.model.source} → ${job.audience}`;
  const maxPages = audience?.maxPages ?? null;
  const t0 = performance.now();
  const printed = await ctx.printer.print(
    job,
    label,
    fitFor(ctx.composer, job.model, job.audience, audience),
  );
  const pages = countPdfPages(printed.pdf);
  if (maxPages !== null && pages > maxPages)
    reporter.warn(`  ${label}: still ${pages} pages with the smallest budgets (maxPages ${maxPages})`);
  const pdfMs = performance.now() - t0;
  const written = await writeBrief(
    config.out,
    job.model.slug,
    job.audience,
    { html: printed.html, pdf: printed.pdf },
    { faces: ctx.printer.fonts.linkedFor(printed.html), folder: ctx.fonts },
  );
  const pdfHash = hashOf(printed.pdf);
  const before = manifest.briefs[briefKey(job.model.slug, job.audience)];
  const now = new Date().toISOString();
  const { slug, title, lang, source, origin } = job.model;
  manifest.briefs[briefKey(slug, job.audience)] = {
    slug,
    audience: job.audience,
    audienceTitle: audienceTitle(audience, job.audience, lang),
    title,
    lang,
    source,
    ...(origin && /^https?:\/\//i.test(origin) ? { origin } : {}),
    ...written,
    hash: job.hash,
    pdfHash,
    pages,
    builtAt: now,
    updated: before?.hash === job.hash ? (before.updated ?? before.builtAt) : now,
    sourcePath: job.sourcePath,
  };
  await writeManifest(config.out, manifest);
  ctx.result.built.push({
    slug,
    title,
    audience: job.audience,
    html: written.html,
    pdf: written.pdf,
    pdfHash,
    ms: pdfMs + job.composeMs,
  });
  reporter.line(`✓ ${slug}  ${job.audience.padEnd(12)} html ${ms(job.composeMs)}  pdf ${ms(pdfMs)}`);
}

/**
 * Builds every pending brief.
 * @param ctx the run's config, reporter, result, manifest, printer, structurer and composer
 * @param pending per source, the briefs to build
 */
export async function buildBriefs(
  ctx: BuildContext,
  pending: Map<SourceInput, PendingBrief[]>,
): Promise<void> {
  const queue = workQueue<Job>();
  const producer = produce(ctx, pending, queue.push).finally(queue.close);
  const worker = async () => {
    for (let job = await queue.take(); job; job = await queue.take()) {
      try {
        await buildOne(ctx, job);
      } catch (error) {
        fail(ctx.result, ctx.reporter, job.model.source, error, job.audience);
      }
    }
  };
  await Promise.all([producer, ...Array.from({ length: ctx.printer.concurrency }, worker)]);
}
