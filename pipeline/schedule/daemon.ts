/**
 * The daemon (`npm start`, `brief schedule`): runs each job on its cron expression in its time zone.
 * - A tick while the job's previous run is still going is skipped and logged (no overlapping runs).
 * - After a restart, a run missed within the job's `catchUpMinutes` is caught up once, never twice
 *   (the last scheduled time handled is kept on disk).
 * - SIGTERM/SIGINT: no new runs start; the current run finishes (its lock is released); then exit.
 * - Logs: one JSON object per line (for a service manager), or readable lines at a terminal.
 * @module
 */
import cron, { type ScheduledTask } from "node-cron";
import { loadConfig } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { describeError } from "../errors.js";
import { withTimeout } from "../render/processes.js";
import type { Reporter } from "../run/index.js";
import type { RunRecord } from "../write/history.js";
import { runJob } from "./job.js";
import { jobState, readState } from "./state.js";

/** Writes one event. */
export type EventLog = (event: string, fields?: Record<string, unknown>) => void;

/**
 * Makes an event log: JSON lines, or `time event key=value` lines for a person.
 * @param format `json` or `text`
 * @param write where lines go (default stdout)
 */
export function eventLog(
  format: "json" | "text",
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): EventLog {
  return (event, fields = {}) => {
    const time = new Date().toISOString();
    if (format === "json") write(JSON.stringify({ time, event, ...fields }));
    else {
      const rest = Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(" ");
      write(`${time.slice(11, 19)} ${event}${rest ? ` ${rest}` : ""}`);
    }
  };
}

/**
 * The latest time at or before `now`, within `windowMinutes`, that the task's expression matches.
 * @param task a scheduled task (its time zone applies)
 * @param now the current time
 * @param windowMinutes how far back to look
 * @param seconds whether the expression has a seconds field
 */
export function lastMatch(
  task: Pick<ScheduledTask, "match">,
  now: Date,
  windowMinutes: number,
  seconds: boolean,
): Date | undefined {
  const step = seconds ? 1000 : 60_000;
  const start = seconds
    ? Math.floor(now.getTime() / 1000) * 1000
    : Math.floor(now.getTime() / 60_000) * 60_000;
  const limit = (windowMinutes * 60_000) / step;
  for (let i = 0; i <= limit; i++) {
    const t = new Date(start - i * step);
    if (task.match(t)) return t;
  }
  return undefined;
}

/** A running daemon. */
export interface Daemon {
  config: Config;
  /** Stops scheduling, waits for running jobs, resolves when all is quiet. */
  stop(): Promise<void>;
}

type Trigger = "schedule" | "catch-up";

/** Starts job runs, one at a time per job: a tick while the job runs is skipped and logged. */
function jobRunner(config: Config, log: EventLog) {
  const running = new Map<string, Promise<void>>();
  const draining = new AbortController();
  const abort = new AbortController();
  const shutdown = { draining: draining.signal, abort: abort.signal };
  let stopping = false;
  const reporterFor = (job: string): Reporter => ({
    line: (text) => log("log", { job, text }),
    warn: (text) => log("warn", { job, text }),
  });
  const summary = (r: RunRecord) => ({
    runId: r.runId,
    outcome: r.outcome,
    built: r.built.length,
    skipped: r.skipped.length,
    failed: r.failed.length,
    deliveries: r.deliveries.map((d) => ({
      channel: d.channel,
      target: d.target,
      status: d.status,
      attempts: d.attempts,
    })),
    ...(r.fetched
      ? {
          fetched: r.fetched.articles.length,
          notModified: r.fetched.notModified.length,
          fetchFailures: r.fetched.failures,
        }
      : {}),
  });
  return {
    running,
    start(job: string, trigger: Trigger, scheduledFor: Date) {
      if (stopping) return;
      if (running.has(job)) {
        log("tick.skipped", {
          job,
          scheduledFor: scheduledFor.toISOString(),
          reason: "the previous run is still going",
        });
        return;
      }
      log("run.start", { job, trigger, scheduledFor: scheduledFor.toISOString() });
      const run = runJob(config, job, { reporter: reporterFor(job), trigger, scheduledFor, shutdown })
        .then((r) => log("run.end", { job, ...summary(r) }))
        .catch((error) => log("run.error", { job, error: describeError(error) }))
        .finally(() => running.delete(job));
      running.set(job, run);
    },
    /**
     * Starts no new run and no new delivery; waits up to `config.drainMs` for the runs, then cuts their
     * deliveries in flight (recorded as interrupted) and waits a little more for them to end.
     * @returns whether every run ended
     */
    async stop(): Promise<boolean> {
      stopping = true;
      draining.abort();
      const all = () => Promise.all(running.values()).then(() => true);
      const ended = (ms: number) => withTimeout(all(), ms).then((done) => done === true);
      if (await ended(config.drainMs)) return true;
      log("daemon.drain-deadline", { drainMs: config.drainMs, running: [...running.keys()] });
      abort.abort();
      return ended(5000);
    },
  };
}

/** The scheduled time a job missed while the daemon was down and has not run since, if any. */
function missedRun(
  task: ScheduledTask,
  job: Config["jobs"][string],
  handled: string | undefined,
): Date | undefined {
  const seconds = job.cron.trim().split(/\s+/).length === 6;
  const missed =
    job.catchUpMinutes > 0 ? lastMatch(task, new Date(), job.catchUpMinutes, seconds) : undefined;
  if (!missed || (handled && new Date(handled) >= missed)) return undefined;
  return Date.now() - missed.getTime() > 1000 ? missed : undefined;
}

/**
 * Starts the daemon: validates everything first (refusing to start on any problem), catches up
 * missed runs, then schedules every job.
 * @param configFile path of config.yaml
 * @param log the event log
 */
export async function startDaemon(configFile: string, log: EventLog): Promise<Daemon> {
  const config = await loadConfig(configFile, { delivery: true });
  const runner = jobRunner(config, log);
  const tasks = new Map<string, ScheduledTask>();
  const state = await readState(config.stateDir);
  for (const [name, job] of Object.entries(config.jobs)) {
    const task = cron.createTask(job.cron, (ctx) => runner.start(name, "schedule", ctx.date ?? new Date()), {
      timezone: job.timezone,
      name,
    });
    tasks.set(name, task);
    const missed = missedRun(task, job, jobState(state, name).lastScheduled);
    if (missed) {
      log("catch-up", { job: name, missed: missed.toISOString() });
      runner.start(name, "catch-up", missed);
    }
  }
  for (const t of tasks.values()) await t.start();
  const jobs = [...tasks].map(([job, t]) => ({
    job,
    cron: config.jobs[job]?.cron,
    timezone: config.jobs[job]?.timezone,
    next: t.getNextRun()?.toISOString(),
  }));
  log("daemon.start", { pid: process.pid, jobs });
  return {
    config,
    async stop() {
      for (const t of tasks.values()) await t.destroy();
      log("daemon.stopping", { running: [...runner.running.keys()], drainMs: config.drainMs });
      const clean = await runner.stop();
      log("daemon.stop", { pid: process.pid, ...(clean ? {} : { forced: true }) });
    },
  };
}
