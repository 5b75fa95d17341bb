/**
 * The tool commands: `ingest` (pages into sources), `preview` (live server), `eval` (score the
 * structure stage) and `doctor` (check the machine and the project).
 * @module
 */
import type { Command } from "commander";
import { BriefError, describeError, ExitError } from "../errors.js";
import { reporter, untilStopped, withConfig } from "./report.js";

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** Reads web pages into sources; returns how many failed. */
async function ingestUrls(
  urls: string[],
  opts: { out: string; allowPrivate?: string[] | boolean },
): Promise<number> {
  if (urls.length === 0) return 0;
  const { collect } = await import("../fetch/collect.js");
  const { writeFileAtomic } = await import("../write/atomic.js");
  const { join } = await import("node:path");
  const result = await collect({
    pages: urls.map((url) => ({ url })),
    allowPrivate: opts.allowPrivate ?? false,
  });
  for (const a of result.articles) {
    const path = join(opts.out, `${a.slug}.md`);
    await writeFileAtomic(path, a.markdown);
    reporter.line(`✓ ${a.url} → ${path}`);
  }
  for (const f of result.failures) reporter.warn(`✗ ${f.url}: ${f.reason}`);
  return result.failures.length;
}

async function ingest(
  inputs: string[],
  opts: { out: string; allowPrivate?: string[] | boolean },
): Promise<void> {
  const { ingest } = await import("../ingest/ingest.js");
  let failed = await ingestUrls(inputs.filter(isUrl), opts);
  for (const file of inputs.filter((i) => !isUrl(i))) {
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

async function evaluateCommand(opts: {
  check?: boolean;
  groups?: string;
  misses?: boolean;
  essentials?: boolean;
}): Promise<void> {
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
  if (opts.essentials !== false && (!groups || groups.includes("seed"))) {
    const { seedEssentials } = await import("../eval/essentials.js");
    const { formatEssentials } = await import("../essentials.js");
    const coverage = await seedEssentials(process.cwd());
    if (coverage) {
      reporter.line(`\nseed briefs: ${formatEssentials(coverage)}`);
      const share = (c: { found: number; total: number } | undefined) =>
        c && c.total > 0 ? c.found / c.total : 1;
      if (share(coverage.get("executive")) < 0.9) missed.push("seed executive essentials < 90%");
      if (share(coverage.get("policymaker")) < 1) missed.push("seed policymaker essentials < 100%");
    }
  }
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
    .description(
      "split raw pages (or copy Markdown files) into one Markdown source per article; read web pages by URL",
    )
    .argument("<inputs...>", "raw pages (.txt), Markdown files, or http(s) URLs of articles")
    .option("-o, --out <dir>", "sources folder", "sources")
    .option(
      "--allow-private [hosts...]",
      "allow fetching from private/loopback addresses (all, or these hosts/CIDRs)",
    )
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
    .option("--no-essentials", "skip building the seed's briefs to measure the essentials they carry")
    .action(evaluateCommand);
  withConfig(cli.command("doctor"))
    .description(
      "check browser, font packages, config, templates and sources; print the fix for each problem",
    )
    .action(doctorCommand);
}
