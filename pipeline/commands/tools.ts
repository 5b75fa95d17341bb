/**
 * The tool commands: `ingest` (pages into sources), `preview` (live server), `eval` (score the
 * structure stage) and `doctor` (check the machine and the project).
 * @module
 */
import type { Command } from "commander";
import { describeError, ExitError } from "../errors.js";
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

async function evaluateCommand(opts: { check?: boolean }): Promise<void> {
  const { evaluate, formatEvaluation } = await import("../eval.js");
  const result = evaluate(process.cwd());
  reporter.line(formatEvaluation(result));
  const ok =
    result.seed.accuracy >= 0.95 &&
    result.other.accuracy >= 0.85 &&
    result.seed.figureRecall >= 0.9 &&
    result.seed.referenceRecall >= 0.9;
  if (opts.check && !ok) throw new ExitError(1);
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
    .description("score the structure stage against the labelled fixtures in test/fixtures/")
    .option("--check", "exit 1 unless the targets are met")
    .action(evaluateCommand);
  withConfig(cli.command("doctor"))
    .description(
      "check browser, font packages, config, templates and sources; print the fix for each problem",
    )
    .action(doctorCommand);
}
