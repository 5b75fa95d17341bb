/**
 * The one entry point: subcommands, one top-level catch, exit codes (0 ok, 1 a brief or check failed,
 * 2 bad config or usage, 70 a bug).
 * @module
 */
import { resolve } from "node:path";
import { Command } from "commander";
import { deepFreeze, loadConfig } from "./config/load.js";
import { BriefError, describeError, ExitError } from "./errors.js";
import type { Reporter } from "./run.js";

/** BRIEF_TRACE=1 prefixes every line with the milliseconds since start-up. */
const stamp = () => (process.env.BRIEF_TRACE === "1" ? `[${Math.round(performance.now())} ms] ` : "");
const reporter: Reporter = {
  line: (text) => process.stdout.write(`${stamp()}${text}\n`),
  warn: (text) => process.stderr.write(`${stamp()}${text}\n`),
};

// Each command loads what it needs when it runs, so `brief` starts fast (no mailer, no cron, no
// Puppeteer for a build where nothing changed).
const runBriefs: typeof import("./run.js").runBriefs = async (...args) =>
  (await import("./run.js")).runBriefs(...args);

/** A date as local time in a time zone: `2025-09-15 08:00 (Asia/Shanghai)`. */
function formatInZone(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    dateStyle: "short",
    timeStyle: "medium",
  }).format(date);
  return `${parts} ${timeZone}`;
}

/** Builds the command-line program. */
export function program(): Command {
  const cli = new Command("brief")
    .description("Turn policy articles into audience-specific HTML and PDF briefs.")
    .showHelpAfterError()
    .exitOverride();

  cli
    .command("brief", { isDefault: true })
    .description("build every source for every audience in config.yaml")
    .option("-c, --config <file>", "config file", "config.yaml")
    .option("-o, --out <dir>", "output folder (overrides `out:` in the config)")
    .option("-a, --audience <key...>", "only these audiences")
    .option("--explain", "print each section's kind, scores and deciding cues, then stop")
    .option("-f, --force", "rebuild every brief, changed or not")
    .option("--wait <seconds>", "wait this long for another run writing the same output folder", "0")
    .action(
      async (opts: {
        config: string;
        out?: string;
        audience?: string[];
        explain?: boolean;
        force?: boolean;
        wait: string;
      }) => {
        let config = await loadConfig(opts.config);
        if (opts.out) config = deepFreeze({ ...config, out: resolve(opts.out) });
        for (const a of opts.audience ?? []) {
          if (!config.audiences[a])
            throw new BriefError(`unknown audience "${a}"`, {
              hint: `choose from ${Object.keys(config.audiences).join(", ")}`,
            });
        }
        const result = await runBriefs({
          config,
          reporter,
          ...(opts.audience ? { audiences: opts.audience } : {}),
          structureOnly: opts.explain === true,
          force: opts.force === true,
          lockWaitMs: Math.max(0, Number(opts.wait) || 0) * 1000,
        });
        if (opts.explain) {
          const { formatExplain } = await import("./structure/explain.js");
          for (const model of result.models)
            reporter.line(formatExplain(model, result.explain.get(model.slug) ?? []));
        } else {
          const articles = new Set(result.built.map((b) => b.slug)).size;
          reporter.line(
            `\n${result.built.length} briefs built (${articles} articles), ${result.skipped.length} unchanged, ${result.failed.length} failed, ${result.messages.length} warnings, in ${(result.ms / 1000).toFixed(1)} s → ${config.out}`,
          );
        }
        if (result.failed.length > 0) throw new ExitError(1);
      },
    );

  cli
    .command("structure")
    .description("print how each source is read: sections, kinds, scores and the cues that decided them")
    .option("-c, --config <file>", "config file", "config.yaml")
    .action(async (opts: { config: string }) => {
      const config = await loadConfig(opts.config);
      const result = await runBriefs({ config, reporter, structureOnly: true });
      const { formatExplain } = await import("./structure/explain.js");
      for (const model of result.models)
        reporter.line(formatExplain(model, result.explain.get(model.slug) ?? []));
      if (result.failed.length > 0) throw new ExitError(1);
    });

  cli
    .command("templates")
    .description(
      "list templates and the file each resolves to; --check fills every audience with the sources",
    )
    .option("-c, --config <file>", "config file", "config.yaml")
    .option("--check", "compose every audience against every source's brief model and report problems")
    .action(async (opts: { config: string; check?: boolean }) => {
      const config = await loadConfig(opts.config);
      const { checkTemplates, resolvedTemplates } = await import("./compose/check.js");
      for (const t of resolvedTemplates(config))
        reporter.line(`${t.name.padEnd(28)} ${t.file}${t.overridden ? "  (yours)" : ""}`);
      for (const [key, audience] of Object.entries(config.audiences)) {
        reporter.line(`audience ${key.padEnd(19)} audiences/${audience.template}.hbs`);
      }
      if (!opts.check) return;
      const result = await runBriefs({ config, reporter, structureOnly: true });
      const problems = checkTemplates(config, result.models);
      for (const p of problems) reporter.warn(`✗ ${p}`);
      reporter.line(
        problems.length === 0
          ? `✓ ${Object.keys(config.audiences).length} audiences compose against ${result.models.length} sources`
          : `${problems.length} template problem(s)`,
      );
      if (problems.length > 0 || result.failed.length > 0) throw new ExitError(1);
    });

  cli
    .command("preview")
    .description("serve the briefs on localhost; rebuild what changed and reload the page on every edit")
    .option("-c, --config <file>", "config file", "config.yaml")
    .option("-p, --port <port>", "port (0: any free port)", "4173")
    .action(async (opts: { config: string; port: string }) => {
      const { startPreview } = await import("./preview.js");
      const preview = await startPreview(opts.config, { port: Number(opts.port), reporter });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await preview.close();
    });

  cli
    .command("schedule")
    .description("run the daemon: every job on its cron expression (npm start); --list prints next run times")
    .option("-c, --config <file>", "config file", "config.yaml")
    .option("--list", "print each job's next run times and exit")
    .option("--count <n>", "how many next run times --list prints", "3")
    .option(
      "--log <format>",
      "json (one object per line) or text; default: text at a terminal, json otherwise",
    )
    .action(async (opts: { config: string; list?: boolean; count: string; log?: string }) => {
      if (opts.list) {
        const { default: cron } = await import("node-cron");
        const config = await loadConfig(opts.config);
        for (const [name, job] of Object.entries(config.jobs)) {
          const task = cron.createTask(job.cron, () => undefined, { timezone: job.timezone });
          const next = task.getNextRuns(Math.max(1, Number(opts.count) || 3));
          await task.destroy();
          reporter.line(
            `${name}  ${job.cron}  (${job.timezone})  → ${job.deliver.join(", ") || "no delivery"}`,
          );
          for (const d of next) reporter.line(`  ${formatInZone(d, job.timezone)}`);
        }
        if (Object.keys(config.jobs).length === 0)
          reporter.line("no jobs in the config (add them under jobs:)");
        return;
      }
      const format =
        opts.log === "json" || opts.log === "text" ? opts.log : process.stdout.isTTY ? "text" : "json";
      const { eventLog, startDaemon } = await import("./schedule/daemon.js");
      const daemon = await startDaemon(opts.config, eventLog(format));
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await daemon.stop();
    });

  cli
    .command("run")
    .description("run one job now (send now): ingest its inbox, build, deliver")
    .argument("<job>", "a job name from config.yaml")
    .option("-c, --config <file>", "config file", "config.yaml")
    .option("--dry-run", "build, but deliver nothing; print what would have been sent")
    .action(async (name: string, opts: { config: string; dryRun?: boolean }) => {
      const config = await loadConfig(opts.config, { delivery: opts.dryRun !== true });
      const { runJob } = await import("./schedule/job.js");
      const record = await runJob(config, name, {
        reporter,
        dryRun: opts.dryRun === true,
        trigger: "manual",
      });
      reporter.line(
        `\nrun ${record.runId}: ${record.outcome}; ${record.built.length} built, ${record.skipped.length} unchanged, ${record.failed.length} failed; ` +
          `${record.deliveries.filter((d) => d.status === "sent").length} delivered, ${record.deliveries.filter((d) => d.status === "failed").length} failed`,
      );
      if (record.outcome !== "ok") throw new ExitError(1);
    });

  cli
    .command("runs")
    .description("list recent runs (from <out>/runs)")
    .option("-c, --config <file>", "config file", "config.yaml")
    .option("-n, --limit <n>", "how many", "20")
    .action(async (opts: { config: string; limit: string }) => {
      const config = await loadConfig(opts.config);
      const { listRuns } = await import("./write/history.js");
      const runs = await listRuns(config.out, Number(opts.limit) || 20);
      if (runs.length === 0) reporter.line("no runs yet");
      for (const r of runs) {
        const sent = r.deliveries.filter((d) => d.status === "sent").length;
        const failed = r.deliveries.filter((d) => d.status === "failed").length;
        reporter.line(
          `${r.start}  ${r.job.padEnd(12)} ${r.outcome.padEnd(8)} ${r.trigger.padEnd(9)} built ${r.built.length}, unchanged ${r.skipped.length}, failed ${r.failed.length}; delivered ${sent}, delivery failures ${failed}${r.dryRun ? " (dry run)" : ""}  ${r.runId}`,
        );
      }
    });

  cli
    .command("eval")
    .description("score the structure stage against the labelled fixtures in test/fixtures/")
    .option(
      "--check",
      "exit 1 unless accuracy ≥ 0.95 (seed) and ≥ 0.85 (others), figure and reference recall ≥ 0.9 (seed)",
    )
    .action(async (opts: { check?: boolean }) => {
      const { evaluate, formatEvaluation } = await import("./eval.js");
      const result = evaluate(process.cwd());
      reporter.line(formatEvaluation(result));
      const ok =
        result.seed.accuracy >= 0.95 &&
        result.other.accuracy >= 0.85 &&
        result.seed.figureRecall >= 0.9 &&
        result.seed.referenceRecall >= 0.9;
      if (opts.check && !ok) throw new ExitError(1);
    });

  cli
    .command("ingest")
    .description("split a raw page (or copy a Markdown file) into one Markdown source per article")
    .argument("<files...>", "raw pages (.txt) or Markdown files")
    .option("-o, --out <dir>", "sources folder", "sources")
    .action(async (files: string[], opts: { out: string }) => {
      const { ingest } = await import("./ingest/ingest.js");
      let failed = 0;
      for (const file of files) {
        try {
          for (const path of await ingest(file, opts.out)) reporter.line(`✓ ${file} → ${path}`);
        } catch (error) {
          failed++;
          reporter.warn(`✗ ${describeError(error)}`);
        }
      }
      if (failed > 0) throw new ExitError(1);
    });

  cli
    .command("doctor")
    .description("check browser, CJK fonts, config, templates and sources; print the fix for each problem")
    .option("-c, --config <file>", "config file", "config.yaml")
    .action(async (opts: { config: string }) => {
      const { doctor } = await import("./doctor.js");
      const checks = await doctor(opts.config);
      for (const c of checks) {
        reporter.line(`${c.ok ? "✓" : "✗"} ${c.name}: ${c.detail}`);
        if (!c.ok && c.fix) reporter.line(`  fix: ${c.fix}`);
      }
      if (checks.some((c) => !c.ok)) throw new ExitError(1);
    });
  return cli;
}

/**
 * Runs the CLI with the given arguments; returns the exit code.
 * @param argv arguments after the script name
 */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof ExitError) return error.code;
    const e = error as { code?: string; exitCode?: number };
    if (typeof e.code === "string" && e.code.startsWith("commander.")) {
      return e.code === "commander.helpDisplayed" || e.code === "commander.version" ? 0 : 2;
    }
    if (error instanceof BriefError) {
      reporter.warn(`✗ ${describeError(error)}`);
      return error.name === "BriefError" && /config has/.test(error.message) ? 2 : 1;
    }
    reporter.warn(
      `✗ unexpected error — this is a bug, please report it:\n${(error as Error).stack ?? String(error)}`,
    );
    return 70;
  }
}
