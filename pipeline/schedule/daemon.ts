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
import type { Reporter } from "../run/index.js";
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

/**
 * Starts the daemon: validates everything first (refusing to start on any problem), catches up
 * missed runs, then schedules every job.
 * @param configFile path of config.yaml
 * @param log the event log
 */
export async function startDaemon(configFile: string, log: EventLog): Promise<Daemon> {
  const config = await loadConfig(configFile, { delivery: true });
  const names = Object.keys(config.jobs);
  const running = new Map<string, Promise<void>>();
  let stopping = false;

  const reporterFor = (job: string): Reporter => ({
    line: (text) => log("log", { job, text }),
    warn: (text) => log("warn", { job, text }),
  });

  const start = (job: string, trigger: "schedule" | "catch-up", scheduledFor: Date) => {
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
    const run = runJob(config, job, { reporter: reporterFor(job), trigger, scheduledFor })
      .then((r) =>
        log("run.end", {
          job,
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
        }),
      )
      .catch((error) => log("run.error", { job, error: describeError(error) }))
      .finally(() => running.delete(job));
    running.set(job, run);
  };

  const tasks: ScheduledTask[] = [];
  const state = await readState(config.stateDir);
  for (const name of names) {
    const job = config.jobs[name] as Config["jobs"][string];
    const task = cron.createTask(job.cron, (ctx) => start(name, "schedule", ctx.date ?? new Date()), {
      timezone: job.timezone,
      name,
    });
    tasks.push(task);
    // Catch up: the latest scheduled time within the grace window that no run has handled yet.
    const seconds = job.cron.trim().split(/\s+/).length === 6;
    const missed =
      job.catchUpMinutes > 0 ? lastMatch(task, new Date(), job.catchUpMinutes, seconds) : undefined;
    const handled = jobState(state, name).lastScheduled;
    if (missed && (!handled || new Date(handled) < missed) && Date.now() - missed.getTime() > 1000) {
      log("catch-up", { job: name, missed: missed.toISOString() });
      start(name, "catch-up", missed);
    }
  }
  for (const t of tasks) await t.start();
  log("daemon.start", {
    pid: process.pid,
    jobs: names.map((n) => ({
      job: n,
      cron: config.jobs[n]?.cron,
      timezone: config.jobs[n]?.timezone,
      next: tasks[names.indexOf(n)]?.getNextRun()?.toISOString(),
    })),
  });

  return {
    config,
    async stop() {
      stopping = true;
      for (const t of tasks) await t.destroy();
      log("daemon.stopping", { running: [...running.keys()] });
      await Promise.all(running.values());
      log("daemon.stop", { pid: process.pid });
    },
  };
}
