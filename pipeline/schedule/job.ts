/**
 * Runs one job: ingest its inbox, build its briefs (incrementally), choose what to send (new or changed
 * since this job last delivered them, or all), optionally join them into per-audience digests, deliver
 * to every channel (one failing does not stop the others), and record the run.
 * @module
 */
import { readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { digestHtml } from "../compose/digest.js";
import { resolveTemplate } from "../compose/templates.js";
import { deepFreeze } from "../config/load.js";
import { audienceTitle, type Config } from "../config/schema.js";
import { deliver } from "../deliver/deliver.js";
import { openJournal } from "../deliver/journal.js";
import type { ChannelConfig, DeliveryBrief } from "../deliver/types.js";
import { BriefError } from "../errors.js";
import { listSources } from "../read.js";
import { printDocuments, type Reporter, runBriefs } from "../run.js";
import { type RunRecord, writeRunRecord } from "../write/history.js";
import { hashOf } from "../write/manifest.js";
import { writeDigest } from "../write/write.js";
import { processInbox } from "./inbox.js";
import { jobState, readState, writeState } from "./state.js";

/** Options of one job run. */
export interface JobRunOptions {
  reporter: Reporter;
  /** Build, but deliver nothing; say what would have been sent. */
  dryRun?: boolean;
  trigger?: RunRecord["trigger"];
  /** The scheduled time this run stands for (recorded so it is never caught up again). */
  scheduledFor?: Date;
  /** Where delivery reads credentials (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A run id: UTC time, sortable, plus the job. */
export function newRunId(job: string, now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}-${job}-${process.pid % 10000}`;
}

/** Channel configs with the e-mail subject and body from the templates folders when not set inline. */
function withEmailTemplates(
  config: Config,
  channels: Record<string, ChannelConfig>,
): Record<string, ChannelConfig> {
  return Object.fromEntries(
    Object.entries(channels).map(([name, c]) => {
      if (c.type !== "email") return [name, c];
      const subject = c.subject ?? readTemplate(config, "email/subject.hbs");
      const body = c.body ?? readTemplate(config, "email/body.hbs");
      return [name, { ...c, ...(subject ? { subject: subject.trim() } : {}), ...(body ? { body } : {}) }];
    }),
  );
}

function readTemplate(config: Config, name: string): string | undefined {
  const file = resolveTemplate(config.templateDirs, name);
  return file ? readFileSync(file, "utf8") : undefined;
}

/**
 * Runs a job now.
 * @param config the loaded config (frozen; the job's view of it is a new object)
 * @param name the job's name
 * @param options reporter, dry run, trigger
 * @returns the run record (also written to `<out>/runs/`)
 */
export async function runJob(config: Config, name: string, options: JobRunOptions): Promise<RunRecord> {
  const job = config.jobs[name];
  if (!job)
    throw new BriefError(`unknown job "${name}"`, {
      hint: `jobs in the config: ${Object.keys(config.jobs).join(", ") || "none"}`,
    });
  const { reporter } = options;
  const start = new Date();
  const runId = newRunId(name, start);
  const record: RunRecord = {
    runId,
    job: name,
    trigger: options.trigger ?? "manual",
    dryRun: options.dryRun === true,
    start: start.toISOString(),
    end: "",
    outcome: "ok",
    inbox: { ingested: [], failed: [], waiting: [] },
    built: [],
    skipped: [],
    failed: [],
    deliveries: [],
    digests: [],
  };

  // 1. Inputs that arrived.
  if (job.inbox) {
    const sourcesDir = dirname((job.sources[0] as string).replace(/[*?[{].*$/, "x"));
    const inbox = await processInbox(job.inbox, sourcesDir);
    record.inbox = {
      ingested: inbox.ingested.map((i) => i.file),
      failed: inbox.failed,
      waiting: inbox.waiting,
    };
    for (const i of inbox.ingested)
      reporter.line(`inbox: ${basename(i.file)} → ${i.sources.length} source(s)`);
    for (const f of inbox.failed)
      reporter.warn(`inbox: ${basename(f.file)} → failed/: ${f.reason.split("\n")[0]}`);
    for (const w of inbox.waiting)
      reporter.line(`inbox: ${basename(w)} is still being written; left for the next run`);
  }

  // A test aid: BRIEF_JOB_DELAY_MS makes a run slow, to show overlapping ticks being skipped.
  const delay = Number(process.env.BRIEF_JOB_DELAY_MS ?? 0);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));

  // 2. Build (a new config object for the job: its sources).
  const jobConfig = deepFreeze({ ...config, sources: job.sources });
  const audiences = job.audiences ?? Object.keys(config.audiences);
  const result = await runBriefs({ config: jobConfig, reporter, audiences, lockWaitMs: 60_000 });
  record.built = result.built.map((b) => `${b.slug}/${b.audience}`);
  record.skipped = result.skipped;
  record.failed = result.failed;

  // 3. What to send: this job's briefs, per channel those new or changed since it last sent them.
  const slugs = new Set((await listSources(job.sources)).map((s) => basename(s.file, extname(s.file))));
  const entries = Object.values(result.manifest.briefs).filter(
    (e) => slugs.has(e.slug) && audiences.includes(e.audience),
  );
  const stateDir = config.stateDir;
  const state = await readState(stateDir);
  const js = jobState(state, name);
  const channels = withEmailTemplates(
    config,
    Object.fromEntries(job.deliver.map((c) => [c, config.channels[c] as ChannelConfig])),
  );
  const toSend = (channel: string) =>
    entries.filter((e) => job.send === "all" || js.sent[channel]?.[`${e.slug}/${e.audience}`] !== e.hash);

  const asBrief = (e: (typeof entries)[number]): DeliveryBrief => ({
    slug: e.slug,
    title: e.title,
    audience: e.audience,
    pdf: join(config.out, e.pdf),
    html: join(config.out, e.html),
    hash: e.hash,
  });

  if (options.dryRun) {
    record.wouldSend = Object.fromEntries(
      job.deliver.map((c) => [c, toSend(c).map((e) => `${e.slug}/${e.audience}`)]),
    );
    for (const [c, keys] of Object.entries(record.wouldSend)) {
      reporter.line(
        `dry run: ${c} would get ${keys.length} brief(s)${keys.length ? `: ${keys.join(", ")}` : ""}`,
      );
    }
  } else {
    const journal = await openJournal(join(stateDir, "deliveries.jsonl"));
    const audienceTitles = Object.fromEntries(
      Object.entries(config.audiences).map(([k, a]) => [k, audienceTitle(a, k)]),
    );
    for (const channelName of job.deliver) {
      let briefs = toSend(channelName).map(asBrief);
      if (briefs.length === 0) {
        reporter.line(`deliver: ${channelName}: nothing new or changed`);
        continue;
      }
      const original = briefs;
      if (job.digest) briefs = await digests(jobConfig, name, runId, briefs, record);
      const outcomes = await deliver({
        job: name,
        runId,
        briefs,
        channels: { [channelName]: channels[channelName] as ChannelConfig },
        journal,
        audienceTitles,
        log: reporter,
        ...(options.env ? { env: options.env } : {}),
      });
      record.deliveries.push(...outcomes);
      for (const o of outcomes) {
        reporter.line(
          `deliver: ${o.channel} → ${o.target}: ${o.status}${o.reason ? ` (${o.reason})` : ""} after ${o.attempts} attempt(s)`,
        );
      }
      // Remember what reached the channel, so `changed` does not send it again; failures stay pending.
      const delivered = new Set(outcomes.filter((o) => o.status !== "failed").flatMap((o) => o.briefs));
      js.sent[channelName] ??= {};
      for (const b of original) {
        const key = `${b.slug}/${b.audience}`;
        const covered = job.digest
          ? outcomes.some((o) => o.status !== "failed" && o.briefs.some((k) => k.endsWith(`/${b.audience}`)))
          : delivered.has(key);
        if (covered) (js.sent[channelName] as Record<string, string>)[key] = b.hash;
      }
    }
  }

  const deliveriesFailed = record.deliveries.some((d) => d.status === "failed");
  record.outcome =
    result.failed.length === 0 && !deliveriesFailed
      ? "ok"
      : result.built.length + result.skipped.length > 0
        ? "partial"
        : "failed";
  record.end = new Date().toISOString();
  if (!options.dryRun) {
    js.lastRun = record.end;
    js.lastOutcome = record.outcome;
  }
  if (options.scheduledFor) js.lastScheduled = options.scheduledFor.toISOString();
  await writeState(stateDir, state);
  await writeRunRecord(config.out, record, config.history);
  return record;
}

/** One digest per audience of the briefs to send; returns them as the briefs to deliver. */
async function digests(
  config: Config,
  job: string,
  runId: string,
  briefs: DeliveryBrief[],
  record: RunRecord,
): Promise<DeliveryBrief[]> {
  const byAudience = new Map<string, DeliveryBrief[]>();
  for (const b of briefs) byAudience.set(b.audience, [...(byAudience.get(b.audience) ?? []), b]);
  const docs = [...byAudience].map(([audience, list]) => {
    const title = `${audienceTitle(config.audiences[audience], audience)} · ${runId.slice(0, 4)}-${runId.slice(4, 6)}-${runId.slice(6, 8)}`;
    return {
      audience,
      list,
      title,
      label: `digest ${job} → ${audience}`,
      html: digestHtml(
        list.map((b) => ({ title: b.title, html: readFileSync(b.html, "utf8") })),
        { title, subtitle: `${job} · ${list.length} 份简报`, lang: "zh" },
      ),
    };
  });
  const pdfs = await printDocuments(config, docs);
  const out: DeliveryBrief[] = [];
  for (const [i, doc] of docs.entries()) {
    const file = await writeDigest(config.out, job, runId, doc.audience, pdfs[i] as Uint8Array);
    record.digests.push(file);
    out.push({
      slug: `digest-${job}`,
      title: doc.title,
      audience: doc.audience,
      pdf: file,
      html: file,
      hash: hashOf(...doc.list.map((b) => b.hash)),
    });
  }
  return out;
}
