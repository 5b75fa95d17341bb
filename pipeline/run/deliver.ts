/**
 * A job's delivery step: per channel, the briefs new or changed since the job last delivered them (or
 * all), joined into digests when the job asks, handed to the delivery stage; what reached the channel
 * is remembered in the job's state. A dry run only says what would have been sent.
 * @module
 */
import { join } from "node:path";
import type { Config } from "../config/schema.js";
import type { DeliveryJournal } from "../deliver/journal.js";
import type { DeliveryBrief } from "../deliver/types.js";
import type { JobState } from "../schedule/state.js";
import type { RunRecord } from "../write/history.js";
import type { Manifest } from "../write/manifest.js";
import { makeDigests } from "./digest.js";
import { audienceTitles, type JobConfig, rememberSent, toSend, withEmailTemplates } from "./job.js";
import type { Printer } from "./printer.js";
import type { JobRun, Reporter } from "./types.js";

/** What the delivery step needs from the run. */
export interface DeliveryContext {
  config: Config;
  reporter: Reporter;
  printer: Printer;
  job: JobConfig;
  run: JobRun;
  runId: string;
  audiences: readonly string[];
  manifest: Manifest;
  state: JobState;
  record: RunRecord;
}

const keys = (briefs: readonly DeliveryBrief[]) => briefs.map((b) => `${b.slug}/${b.audience}`);

/** Says what a dry run would have sent. */
function reportDryRun(ctx: DeliveryContext, selection: Map<string, DeliveryBrief[]>): void {
  ctx.record.wouldSend = Object.fromEntries([...selection].map(([c, briefs]) => [c, keys(briefs)]));
  for (const [c, list] of Object.entries(ctx.record.wouldSend))
    ctx.reporter.line(
      `dry run: ${c} would get ${list.length} brief(s)${list.length ? `: ${list.join(", ")}` : ""}`,
    );
}

/** Delivers to one channel and remembers what reached it. */
async function deliverTo(
  ctx: DeliveryContext,
  channel: string,
  briefs: DeliveryBrief[],
  journal: DeliveryJournal,
) {
  const { deliver } = await import("../deliver/deliver.js");
  const { reporter, config, run } = ctx;
  let units = briefs;
  if (ctx.job.digest) {
    const digests = await makeDigests(config, ctx.printer, run.name, ctx.runId, briefs);
    ctx.record.digests.push(...digests.files);
    units = digests.briefs;
  }
  const outcomes = await deliver({
    job: run.name,
    runId: ctx.runId,
    briefs: units,
    channels: {
      [channel]: withEmailTemplates(
        config,
        config.channels[channel] as NonNullable<Config["channels"][string]>,
      ),
    },
    journal,
    audienceTitles: audienceTitles(config),
    log: reporter,
    ...(run.env ? { env: run.env } : {}),
    ...(run.shutdown ? { shutdown: run.shutdown } : {}),
  });
  ctx.record.deliveries.push(...outcomes);
  for (const o of outcomes)
    reporter.line(
      `deliver: ${o.channel} → ${o.target}: ${o.status}${o.reason ? ` (${o.reason})` : ""} after ${o.attempts} attempt(s)`,
    );
  rememberSent(ctx.state, channel, briefs, outcomes, ctx.job.digest);
}

/**
 * Delivers the job's briefs to each of its channels (or says what a dry run would send).
 * @param ctx the run's config, printer, job, manifest, state and record
 */
export async function deliverJob(ctx: DeliveryContext): Promise<void> {
  const selection = await toSend(
    ctx.config,
    ctx.job,
    ctx.audiences,
    Object.values(ctx.manifest.briefs),
    ctx.state,
  );
  if (ctx.run.dryRun) return reportDryRun(ctx, selection);
  const { openJournal } = await import("../deliver/journal.js");
  const journal = await openJournal(join(ctx.config.stateDir, "deliveries.jsonl"));
  for (const [channel, briefs] of selection) {
    if (briefs.length === 0) ctx.reporter.line(`deliver: ${channel}: nothing new or changed`);
    else await deliverTo(ctx, channel, briefs, journal);
  }
}
