/**
 * `brief` (the default command: build every source for every audience) and `structure` (print how each
 * source is read).
 * @module
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { deepFreeze, loadConfig } from "../config/load.js";
import { ExitError, UsageError } from "../errors.js";
import type { RunResult } from "../run/types.js";
import { reporter, withConfig } from "./report.js";

interface BriefFlags {
  config: string;
  out?: string;
  audience?: string[];
  explain?: boolean;
  force?: boolean;
  wait: string;
}

async function printExplain(result: RunResult): Promise<void> {
  const { formatExplain } = await import("../structure/explain.js");
  for (const model of result.models)
    reporter.line(formatExplain(model, result.explain.get(model.slug) ?? []));
}

async function brief(opts: BriefFlags): Promise<void> {
  let config = await loadConfig(opts.config);
  if (opts.out) config = deepFreeze({ ...config, out: resolve(opts.out) });
  for (const a of opts.audience ?? [])
    if (!config.audiences[a])
      throw new UsageError(`unknown audience "${a}"`, {
        hint: `choose from ${Object.keys(config.audiences).join(", ")}`,
      });
  const { runBriefs } = await import("../run/index.js");
  const result = await runBriefs({
    config,
    reporter,
    ...(opts.audience ? { audiences: opts.audience } : {}),
    structureOnly: opts.explain === true,
    force: opts.force === true,
    lockWaitMs: Math.max(0, Number(opts.wait) || 0) * 1000,
  });
  if (opts.explain) await printExplain(result);
  else {
    const articles = new Set(result.built.map((b) => b.slug)).size;
    reporter.line(
      `\n${result.built.length} briefs built (${articles} articles), ${result.skipped.length} unchanged, ${result.failed.length} failed, ${result.messages.length} warnings, in ${(result.ms / 1000).toFixed(1)} s → ${config.out}`,
    );
  }
  if (result.failed.length > 0) throw new ExitError(1);
}

/**
 * Adds the `brief` and `structure` commands.
 * @param cli the program
 */
export function buildCommands(cli: Command): void {
  withConfig(cli.command("brief", { isDefault: true }))
    .description("build every source for every audience in config.yaml")
    .option("-o, --out <dir>", "output folder (overrides `out:` in the config)")
    .option("-a, --audience <key...>", "only these audiences")
    .option("--explain", "print each section's kind, scores and deciding cues, then stop")
    .option("-f, --force", "rebuild every brief, changed or not")
    .option("--wait <seconds>", "wait this long for another run writing the same output folder", "0")
    .action(brief);
  withConfig(cli.command("structure"))
    .description("print how each source is read: sections, kinds, scores and the cues that decided them")
    .action(async (opts: { config: string }) => {
      const config = await loadConfig(opts.config);
      const { runBriefs } = await import("../run/index.js");
      const result = await runBriefs({ config, reporter, structureOnly: true });
      await printExplain(result);
      if (result.failed.length > 0) throw new ExitError(1);
    });
}
