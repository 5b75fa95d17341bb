/**
 * A job's fetch step: its feeds and pages are read (politely, safely: see `fetch/`), and each new or
 * changed article becomes a Markdown source in the job's sources folder before the build. A feed or
 * page that fails is reported with its reason and recorded; the rest of the run goes on.
 * @module
 */
import { join } from "node:path";
import type { Config } from "../config/schema.js";
import type { CollectOptions } from "../fetch/collect.js";
import type { JobState } from "../schedule/state.js";
import { writeFileAtomic } from "../write/atomic.js";
import type { RunRecord } from "../write/history.js";
import { type JobConfig, sourcesFolder } from "./job.js";
import type { Reporter } from "./types.js";

const asSource = <T extends { url: string }>(s: string | T): T | { url: string } =>
  typeof s === "string" ? { url: s } : s;

/**
 * What `collect` is asked: the job's feeds and pages, its `since` (default: its last successful run),
 * the fetch settings of the config, and what the job kept from its last run.
 * @param config the run's config
 * @param job the job
 * @param state the job's state
 */
export function collectOptions(config: Config, job: JobConfig, state: JobState): CollectOptions {
  const f = config.fetch;
  const since = job.since ?? state.lastSuccess;
  return {
    feeds: job.feeds.map(asSource),
    pages: job.pages.map(asSource),
    ...(since ? { since } : {}),
    maxItems: job.maxItems,
    ...(state.fetch ? { state: state.fetch } : {}),
    allowPrivate: f.allowPrivate,
    ...(f.userAgent ? { userAgent: f.userAgent } : {}),
    delays: { perHostMs: f.delayMs },
    timeouts: { connectMs: f.connectTimeoutMs, totalMs: f.timeoutMs },
    sizeCap: f.maxBytes,
    retries: f.retries,
    robots: f.robots,
  };
}

/**
 * Fetches the job's feeds and pages and writes their new or changed articles as sources.
 * @param config the run's config
 * @param job the job
 * @param state the job's state (its fetch state is replaced)
 * @param reporter where each article and failure is reported
 * @returns what to record
 */
export async function fetchSources(
  config: Config,
  job: JobConfig,
  state: JobState,
  reporter: Reporter,
): Promise<RunRecord["fetched"]> {
  if (job.feeds.length === 0 && job.pages.length === 0) return undefined;
  const { collect } = await import("../fetch/collect.js");
  const result = await collect(collectOptions(config, job, state));
  const folder = sourcesFolder(job);
  for (const a of result.articles) {
    await writeFileAtomic(join(folder, `${a.slug}.md`), a.markdown);
    reporter.line(`fetch: ${a.url} → ${a.slug}.md${a.changed ? " (changed)" : ""}`);
  }
  for (const f of result.failures) reporter.warn(`fetch: ${f.url} failed: ${f.reason}`);
  if (result.notModified.length > 0) reporter.line(`fetch: ${result.notModified.length} not modified (304)`);
  state.fetch = result.state;
  return {
    articles: result.articles.map((a) => ({ slug: a.slug, url: a.url, changed: a.changed })),
    failures: result.failures,
    notModified: result.notModified,
  };
}
