/**
 * A job run's record: started before the build, finished after delivery with the outcome, written to
 * `<out>/runs/` and summarised in the job's state (last run, last scheduled time handled).
 * @module
 */
import { randomBytes } from "node:crypto";
import type { Config } from "../config/schema.js";
import { type DaemonState, jobState, writeState } from "../schedule/state.js";
import { type RunRecord, writeRunRecord } from "../write/history.js";
import type { JobRun, RunResult } from "./types.js";

/**
 * A run id: UTC time to the millisecond (sortable), the job, the process and a random suffix, so two
 * runs never share one.
 * @param job the job's name
 * @param now the start time
 */
export function newRunId(job: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, "");
  return `${stamp}-${job}-${process.pid % 10000}${randomBytes(2).toString("hex")}`;
}

/**
 * A new record for a job run.
 * @param run the job's part of the run
 * @param start when the run started
 */
export function startRecord(run: JobRun, start = new Date()): RunRecord {
  return {
    runId: newRunId(run.name, start),
    job: run.name,
    trigger: run.trigger ?? "manual",
    dryRun: run.dryRun === true,
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
}

/**
 * Completes the record from the run's result, updates the job's state and writes both.
 * @param config the run's config (state folder, output folder, history length)
 * @param run the job's part of the run
 * @param record the record (completed in place)
 * @param result what the run built
 * @param state the daemon's state, with this job's changes
 */
export async function finishRecord(
  config: Config,
  run: JobRun,
  record: RunRecord,
  result: RunResult,
  state: DaemonState,
): Promise<RunRecord> {
  record.built = result.built.map((b) => `${b.slug}/${b.audience}`);
  record.skipped = result.skipped;
  record.failed = result.failed;
  const deliveryFailed = record.deliveries.some((d) => d.status === "failed" || d.status === "interrupted");
  const producedAny = result.built.length + result.skipped.length > 0;
  const fetchFailed = (record.fetched?.failures.length ?? 0) > 0;
  const clean = result.failed.length === 0 && !deliveryFailed && !fetchFailed;
  record.outcome = clean ? "ok" : producedAny ? "partial" : "failed";
  record.end = new Date().toISOString();
  const js = jobState(state, run.name);
  if (!run.dryRun) {
    js.lastRun = record.end;
    js.lastOutcome = record.outcome;
    if (record.outcome === "ok") js.lastSuccess = record.start;
  }
  if (run.scheduledFor) js.lastScheduled = run.scheduledFor.toISOString();
  await writeState(config.stateDir, state);
  await writeRunRecord(config.out, record, config.history);
  return record;
}
