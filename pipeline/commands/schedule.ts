/**
 * The scheduling commands: `schedule` (the daemon, or `--list` of next run times), `run <job>` (one
 * job now) and `runs` (recent run records).
 * @module
 */
import type { Command } from "commander";
import { loadConfig } from "../config/load.js";
import { ExitError } from "../errors.js";
import { reporter, untilStopped, withConfig } from "./report.js";

/** A date as local time in a time zone: `2025-09-15 08:00:00 Asia/Shanghai`. */
function formatInZone(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("sv-SE", { timeZone, dateStyle: "short", timeStyle: "medium" });
  return `${parts.format(date)} ${timeZone}`;
}

async function listNextRuns(file: string, count: number): Promise<void> {
  const { default: cron } = await import("node-cron");
  const config = await loadConfig(file);
  for (const [name, job] of Object.entries(config.jobs)) {
    const task = cron.createTask(job.cron, () => undefined, { timezone: job.timezone });
    const next = task.getNextRuns(Math.max(1, count || 3));
    await task.destroy();
    reporter.line(`${name}  ${job.cron}  (${job.timezone})  → ${job.deliver.join(", ") || "no delivery"}`);
    for (const d of next) reporter.line(`  ${formatInZone(d, job.timezone)}`);
  }
  if (Object.keys(config.jobs).length === 0) reporter.line("no jobs in the config (add them under jobs:)");
}

async function daemon(opts: { config: string; log?: string }): Promise<void> {
  const format =
    opts.log === "json" || opts.log === "text" ? opts.log : process.stdout.isTTY ? "text" : "json";
  const { eventLog, startDaemon } = await import("../schedule/daemon.js");
  const log = eventLog(format);
  const running = await startDaemon(opts.config, log);
  const signal = await untilStopped();
  log("daemon.signal", { signal, graceful: true });
  await running.stop();
  // Whatever is still open (a send cut off at the deadline, a browser) must not keep the process up.
  process.exit(0);
}

async function runNow(name: string, opts: { config: string; dryRun?: boolean }): Promise<void> {
  const config = await loadConfig(opts.config, { delivery: opts.dryRun !== true });
  const { runJob } = await import("../schedule/job.js");
  const r = await runJob(config, name, { reporter, dryRun: opts.dryRun === true, trigger: "manual" });
  const count = (status: string) => r.deliveries.filter((d) => d.status === status).length;
  reporter.line(
    `\nrun ${r.runId}: ${r.outcome}; ${r.built.length} built, ${r.skipped.length} unchanged, ${r.failed.length} failed; ${count("sent")} delivered, ${count("failed")} failed`,
  );
  if (r.outcome !== "ok") throw new ExitError(1);
}

async function listRecentRuns(opts: { config: string; limit: string }): Promise<void> {
  const config = await loadConfig(opts.config);
  const { listRuns } = await import("../write/history.js");
  const runs = await listRuns(config.out, Number(opts.limit) || 20);
  if (runs.length === 0) reporter.line("no runs yet");
  for (const r of runs) {
    const sent = r.deliveries.filter((d) => d.status === "sent").length;
    const failed = r.deliveries.filter((d) => d.status === "failed").length;
    reporter.line(
      `${r.start}  ${r.job.padEnd(12)} ${r.outcome.padEnd(8)} ${r.trigger.padEnd(9)} built ${r.built.length}, unchanged ${r.skipped.length}, failed ${r.failed.length}; delivered ${sent}, delivery failures ${failed}${r.dryRun ? " (dry run)" : ""}  ${r.runId}`,
    );
  }
}

/**
 * Adds `schedule`, `run` and `runs`.
 * @param cli the program
 */
export function scheduleCommands(cli: Command): void {
  withConfig(cli.command("schedule"))
    .description("run the daemon: every job on its cron expression (npm start); --list prints next run times")
    .option("--list", "print each job's next run times and exit")
    .option("--count <n>", "how many next run times --list prints", "3")
    .option(
      "--log <format>",
      "json (one object per line) or text; default: text at a terminal, json otherwise",
    )
    .action((opts: { config: string; list?: boolean; count: string; log?: string }) =>
      opts.list ? listNextRuns(opts.config, Number(opts.count)) : daemon(opts),
    );
  withConfig(cli.command("run"))
    .description("run one job now (send now): ingest its inbox, build, deliver")
    .argument("<job>", "a job name from config.yaml")
    .option("--dry-run", "build, but deliver nothing; print what would have been sent")
    .action(runNow);
  withConfig(cli.command("runs"))
    .description("list recent runs (from <out>/runs)")
    .option("-n, --limit <n>", "how many", "20")
    .action(listRecentRuns);
}
