/**
 * One run, in one place: plan → structure → compose → render (fitting once) → write → deliver. It holds
 * the output folder's lock for all of it; a scheduled job is the same run with its inbox first and its
 * delivery (send selection, digests, channels, record) last. The only module that knows every stage.
 * Incremental: a brief is rebuilt only when the hash of its inputs changed; a run with nothing to print
 * launches no browser.
 * @module
 */
import { existsSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { jobState, readState } from "../schedule/state.js";
import { loadCues } from "../structure/cues.js";
import { refreshArchive } from "../write/archive.js";
import { removeDebris } from "../write/atomic.js";
import { type FontFolder, fontFolder } from "../write/fonts.js";
import { acquireLock } from "../write/lock.js";
import { type Manifest, readManifest } from "../write/manifest.js";
import { pruneBriefs } from "../write/prune.js";
import { buildBriefs } from "./build.js";
import { deliverJob } from "./deliver.js";
import { fetchSources } from "./fetch.js";
import { ingestInbox, type JobConfig, jobOf } from "./job.js";
import { plan } from "./plan.js";
import { type Printer, printer } from "./printer.js";
import { finishRecord, startRecord } from "./record.js";
import { fail, readSources, structurer } from "./sources.js";
import { emptyResult, type Reporter, type RunOptions, type RunResult } from "./types.js";

export type { BuiltBrief, Failure, JobRun, Reporter, RunOptions, RunResult } from "./types.js";

/** Structure only: no lock, nothing written, no browser. */
async function structureOnly(options: RunOptions, result: RunResult): Promise<RunResult> {
  const inputs = await readSources(options.config, options.only, result, options.reporter);
  const structure = await structurer(loadCues(options.config.structure.cues), result, options.reporter);
  for (const input of inputs) structure(input);
  return result;
}

/**
 * Makes `fonts/` hold what the briefs of the manifest and the archive page link: restores a missing
 * file (a kept brief or archive is not rewritten for it), removes files nothing links any more.
 */
async function settleFonts(reporter: Reporter, manifest: Manifest, print: Printer, fonts: FontFolder) {
  const linked = [
    ...Object.values(manifest.briefs).flatMap((e) => e.fonts ?? []),
    ...(manifest.archive?.fonts ?? []),
  ];
  const settled = await fonts.settle(linked, () => print.fonts.files);
  const { line, warn } = reporter;
  const files = (n: number) => `${n} font file${n === 1 ? "" : "s"}`;
  if (settled.restored.length > 0) line(`↺ fonts/: ${files(settled.restored.length)} missing; restored`);
  for (const { path, reason } of settled.failed) warn(`${path}: missing, cannot be restored: ${reason}`);
  if (settled.removed.length > 0) line(`− fonts/: ${files(settled.removed.length)} nothing links; removed`);
}

/** Plans, then structures, composes, prints and writes what changed, refreshes the archive, settles `fonts/`. */
async function build(options: RunOptions, result: RunResult, print: Printer, audiences: string[]) {
  const { config, reporter } = options;
  const inputs = await readSources(config, options.only, result, reporter);
  result.manifest = await readManifest(config.out);
  const planned = await plan(config, inputs, audiences, result.manifest, options.force === true);
  result.skipped.push(...planned.skipped);
  for (const f of planned.failures) fail(result, reporter, f.input.slug, f.error, f.audience);
  const fonts = fontFolder(config.out);
  if (planned.pending.size > 0) {
    await print.warm();
    const structure = await structurer(loadCues(config.structure.cues), result, reporter);
    const composer = (await import("../compose/compose.js")).createComposer(config);
    const manifest = result.manifest;
    await buildBriefs(
      { config, reporter, result, manifest, printer: print, structure, composer, fonts },
      planned.pending,
    );
  }
  const pruned = await pruneBriefs(
    config.out,
    result.manifest,
    (e) => e.audience in config.audiences && (e.sourcePath === undefined || existsSync(e.sourcePath)),
  );
  for (const key of pruned)
    reporter.line(`− ${key}: no longer produced (audience or source removed); removed`);
  const archive = await refreshArchive(config.out, result.manifest, result.built.length + pruned.length > 0, {
    resolved: config.fonts,
    linkedFor: (html) => print.fonts.linkedFor(html),
    folder: fonts,
  });
  if (archive.fontError)
    reporter.warn(`index.html: written without its fonts, the system's only: ${archive.fontError.message}`);
  await settleFonts(reporter, result.manifest, print, fonts);
}

/** A job's run: inbox and web sources, build, delivery, record. */
async function jobRun(options: RunOptions, job: JobConfig, result: RunResult, print: Printer) {
  const run = options.job as NonNullable<RunOptions["job"]>;
  const record = startRecord(run);
  const state = await readState(options.config.stateDir);
  const js = jobState(state, run.name);
  record.inbox = await ingestInbox(job, options.reporter);
  const fetched = await fetchSources(options.config, job, js, options.reporter);
  if (fetched) record.fetched = fetched;
  // A test aid: BRIEF_JOB_DELAY_MS makes a run slow, to show overlapping ticks being skipped.
  const delay = Number(process.env.BRIEF_JOB_DELAY_MS ?? 0);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  const audiences = options.audiences ?? job.audiences ?? Object.keys(options.config.audiences);
  await build(options, result, print, audiences);
  const ctx = { ...options, printer: print, job, run, audiences, manifest: result.manifest, record };
  await deliverJob({ ...ctx, runId: record.runId, state: js });
  result.deliveries = record.deliveries;
  result.record = await finishRecord(options.config, run, record, result, state);
}

/** Where output goes, when it is outside the project folder (the config file's folder). */
export function outsideProject(config: RunOptions["config"]): string[] {
  const inside = (p: string) => {
    const r = relative(config.root, p);
    return r === "" || (!r.startsWith("..") && !isAbsolute(r));
  };
  return [
    ...(inside(config.out)
      ? []
      : [`output goes to ${config.out}, outside the project folder ${config.root}`]),
    ...(inside(config.stateDir)
      ? []
      : [`state goes to ${config.stateDir}, outside the project folder ${config.root}`]),
  ];
}

/**
 * Runs the pipeline once: every source × audience (or a job's), incrementally.
 * @param options the config, reporter, and what to run
 */
export async function runBriefs(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const result = emptyResult();
  const scoped = options.job ? jobOf(options.config, options.job.name) : undefined;
  const run: RunOptions = scoped ? { ...options, config: scoped.config } : options;
  if (run.structureOnly)
    return Object.assign(await structureOnly(run, result), { ms: performance.now() - started });
  for (const line of outsideProject(run.config)) run.reporter.line(line);
  const release = await acquireLock(run.config.out, {
    waitMs: run.lockWaitMs ?? 0,
    onMessage: run.reporter.warn,
  });
  const print = printer(run.config, run);
  try {
    await removeDebris(run.config.out);
    if (scoped) await jobRun(run, scoped.job, result, print);
    else await build(run, result, print, run.audiences ?? Object.keys(run.config.audiences));
  } finally {
    result.launches = print.launches;
    await print.close();
    await release();
  }
  result.ms = performance.now() - started;
  return result;
}
