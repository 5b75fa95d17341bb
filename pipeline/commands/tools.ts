/**
 * The tool commands: `ingest` (pages into sources), `preview` (live server), `eval` (score the
 * structure stage) and `doctor` (check the machine and the project).
 * @module
 */
import type { Command } from "commander";
import { BriefError, describeError, ExitError } from "../errors.js";
import { reporter, untilStopped, withConfig } from "./report.js";

async function ingest(files: string[], opts: { out: string }): Promise<void> {
  const { ingest } = await import("../ingest/ingest.js");
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
}

async function preview(opts: { config: string; port: string }): Promise<void> {
  const { startPreview } = await import("../preview.js");
  const server = await startPreview(opts.config, { port: Number(opts.port), reporter });
  const signal = await untilStopped();
  reporter.line(`preview: ${signal}, stopping`);
  await server.close();
}

async function evaluateCommand(opts: { check?: boolean; groups?: string; misses?: boolean }): Promise<void> {
  const { evaluate, missedTargets } = await import("../eval/index.js");
  const { formatEvaluation } = await import("../eval/format.js");
  const { GROUPS } = await import("../eval/corpus.js");
  const groups = opts.groups?.split(",").map((g) => g.trim());
  const unknown = groups?.filter((g) => !(GROUPS as readonly string[]).includes(g)) ?? [];
  if (unknown.length > 0)
    throw new BriefError(`unknown group ${unknown.join(", ")}`, {
      hint: `groups are ${GROUPS.join(", ")}`,
      exitCode: 2,
    });
  const result = await evaluate(process.cwd(), { groups: groups as (typeof GROUPS)[number][] | undefined });
  reporter.line(formatEvaluation(result, { misses: opts.misses === true }));
  const missed = missedTargets(result);
  for (const m of missed) reporter.line(`target missed: ${m}`);
  if (opts.check && missed.length > 0) throw new ExitError(1);
}

async function doctorCommand(opts: { config: string }): Promise<void> {
  const { doctor } = await import("../doctor.js");
  const checks = await doctor(opts.config);
  for (const c of checks) {
    reporter.line(`${c.ok ? "✓" : "✗"} ${c.name}: ${c.detail}`);
    if (!c.ok && c.fix) reporter.line(`  fix: ${c.fix}`);
  }
  if (checks.some((c) => !c.ok)) throw new ExitError(1);
}

/**
 * Adds `ingest`, `preview`, `eval` and `doctor`.
 * @param cli the program
 */
export function toolCommands(cli: Command): void {
  cli
    .command("ingest")
    .description("split a raw page (or copy a Markdown file) into one Markdown source per article")
    .argument("<files...>", "raw pages (.txt) or Markdown files")
    .option("-o, --out <dir>", "sources folder", "sources")
    .action(ingest);
  withConfig(cli.command("preview"))
    .description("serve the briefs on localhost; rebuild what changed and reload the page on every edit")
    .option("-p, --port <port>", "port (0: any free port)", "4173")
    .action(preview);
  cli
    .command("eval")
    .description("score the structure stage per paragraph: seed, corpus train, corpus dev, synthetic")
    .option(
      "--check",
      "exit 1 unless the targets are met (seed ≥ 0.95; dev ≥ 0.90, every kind's recall ≥ 0.80)",
    )
    .option("--groups <list>", "score only these groups (seed,train,dev,synthetic)")
    .option("--misses", "list each article's accuracy and every miss (never for dev)")
    .action(evaluateCommand);
  withConfig(cli.command("doctor"))
    .description("check browser, CJK fonts, config, templates and sources; print the fix for each problem")
    .action(doctorCommand);
}
