/**
 * A scheduled job's steps of a run: before the build, ingest the job's inbox; after it, choose per
 * channel what to send (new or changed since the job last delivered it, or all), join briefs into
 * per-audience digests when asked, deliver, and remember what reached each channel.
 * @module
 */
import { readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { resolveTemplate } from "../compose/templates.js";
import { deepFreeze } from "../config/resolve.js";
import { audienceTitle, type Config } from "../config/schema.js";
import type { Channel, DeliveryBrief, DeliveryOutcome } from "../deliver/types.js";
import { BriefError } from "../errors.js";
import { listSources } from "../read.js";
import { processInbox } from "../schedule/inbox.js";
import type { JobState } from "../schedule/state.js";
import type { RunRecord } from "../write/history.js";
import type { ManifestEntry } from "../write/manifest.js";
import type { Reporter } from "./types.js";

/** A job as the resolved config holds it. */
export type JobConfig = Config["jobs"][string];

/**
 * The job's config and the run's config for it (the job's sources; a new frozen object).
 * @param config the loaded config
 * @param name the job's name
 * @throws BriefError for an unknown job
 */
export function jobOf(config: Config, name: string): { job: JobConfig; config: Config } {
  const job = config.jobs[name];
  if (!job)
    throw new BriefError(`unknown job "${name}"`, {
      hint: `jobs in the config: ${Object.keys(config.jobs).join(", ") || "none"}`,
      exitCode: 2,
    });
  return { job, config: deepFreeze({ ...config, sources: job.sources }) };
}

/**
 * The folder a job's new sources go to (from its inbox or the web): the folder of its first sources glob.
 * @param job the job
 */
export function sourcesFolder(job: JobConfig): string {
  return dirname((job.sources[0] as string).replace(/[*?[{].*$/, "x"));
}

/**
 * Ingests the files waiting in the job's inbox into its sources folder.
 * @param job the job
 * @param reporter where each file's fate is reported
 */
export async function ingestInbox(job: JobConfig, reporter: Reporter): Promise<RunRecord["inbox"]> {
  if (!job.inbox) return { ingested: [], failed: [], waiting: [] };
  const inbox = await processInbox(job.inbox, sourcesFolder(job));
  for (const i of inbox.ingested) reporter.line(`inbox: ${basename(i.file)} → ${i.sources.length} source(s)`);
  for (const f of inbox.failed)
    reporter.warn(`inbox: ${basename(f.file)} → failed/: ${f.reason.split("\n")[0]}`);
  for (const w of inbox.waiting)
    reporter.line(`inbox: ${basename(w)} is still being written; left for the next run`);
  return { ingested: inbox.ingested.map((i) => i.file), failed: inbox.failed, waiting: inbox.waiting };
}

/**
 * The job's briefs in the manifest, and per channel those to send.
 * @param config the run's config (the job's sources)
 * @param job the job
 * @param audiences the job's audiences
 * @param briefs the manifest's entries
 * @param state the job's state (what each channel already got)
 */
export async function toSend(
  config: Config,
  job: JobConfig,
  audiences: readonly string[],
  briefs: readonly ManifestEntry[],
  state: JobState,
): Promise<Map<string, DeliveryBrief[]>> {
  const slugs = new Set((await listSources(job.sources)).map((s) => basename(s.file, extname(s.file))));
  const mine = briefs.filter((e) => slugs.has(e.slug) && audiences.includes(e.audience));
  const asBrief = (e: ManifestEntry): DeliveryBrief => ({
    slug: e.slug,
    title: e.title,
    audience: e.audience,
    pdf: join(config.out, e.pdf),
    html: join(config.out, e.html),
    hash: e.hash,
  });
  return new Map(
    job.deliver.map((channel) => [
      channel,
      mine
        .filter((e) => job.send === "all" || state.sent[channel]?.[`${e.slug}/${e.audience}`] !== e.hash)
        .map(asBrief),
    ]),
  );
}

/**
 * A channel's config with the e-mail subject and body from the templates folders when not set inline.
 * @param config the run's config
 * @param channel the channel's config
 */
export function withEmailTemplates(config: Config, channel: Channel): Channel {
  if (channel.type !== "email") return channel;
  const read = (name: string) => {
    const file = resolveTemplate(config.templateDirs, name);
    return file ? readFileSync(file, "utf8") : undefined;
  };
  const subject = channel.subject ?? read("email/subject.hbs")?.trim();
  const body = channel.body ?? read("email/body.hbs");
  return { ...channel, ...(subject ? { subject } : {}), ...(body ? { body } : {}) };
}

/**
 * Remembers which briefs reached a channel, so `send: changed` does not send them again; failures stay
 * pending for the next run.
 * @param state the job's state (changed in place)
 * @param channel the channel's name
 * @param sent the briefs that were to be sent
 * @param outcomes what happened
 * @param digest whether briefs went out joined in digests
 */
export function rememberSent(
  state: JobState,
  channel: string,
  sent: readonly DeliveryBrief[],
  outcomes: readonly DeliveryOutcome[],
  digest: boolean,
): void {
  const ok = outcomes.filter((o) => o.status === "sent" || o.status === "skipped");
  const delivered = new Set(ok.flatMap((o) => o.briefs));
  state.sent[channel] ??= {};
  for (const b of sent) {
    const key = `${b.slug}/${b.audience}`;
    const covered = digest
      ? ok.some((o) => o.briefs.some((k) => k.endsWith(`/${b.audience}`)))
      : delivered.has(key);
    if (covered) (state.sent[channel] as Record<string, string>)[key] = b.hash;
  }
}

/**
 * Audience titles by key, for e-mail subjects.
 * @param config the run's config
 */
export function audienceTitles(config: Config): Record<string, string> {
  return Object.fromEntries(Object.entries(config.audiences).map(([k, a]) => [k, audienceTitle(a, k)]));
}
