/**
 * `templates`: lists templates and the file each resolves to; `--check` fills every audience against
 * every source's brief model and reports problems.
 * @module
 */
import type { Command } from "commander";
import { loadConfig } from "../config/load.js";
import { ExitError } from "../errors.js";
import { reporter, withConfig } from "./report.js";

async function templates(opts: { config: string; check?: boolean }): Promise<void> {
  const config = await loadConfig(opts.config);
  const { checkTemplates, resolvedTemplates } = await import("../compose/check.js");
  for (const t of resolvedTemplates(config))
    reporter.line(`${t.name.padEnd(28)} ${t.file}${t.overridden ? "  (yours)" : ""}`);
  for (const [key, audience] of Object.entries(config.audiences))
    reporter.line(`audience ${key.padEnd(19)} audiences/${audience.template}.hbs`);
  if (!opts.check) return;
  const { runBriefs } = await import("../run/index.js");
  const result = await runBriefs({ config, reporter, structureOnly: true });
  const problems = checkTemplates(config, result.models);
  for (const p of problems) reporter.warn(`✗ ${p}`);
  reporter.line(
    problems.length === 0
      ? `✓ ${Object.keys(config.audiences).length} audiences compose against ${result.models.length} sources`
      : `${problems.length} template problem(s)`,
  );
  if (problems.length > 0 || result.failed.length > 0) throw new ExitError(1);
}

/**
 * Adds the `templates` command.
 * @param cli the program
 */
export function templatesCommand(cli: Command): void {
  withConfig(cli.command("templates"))
    .description(
      "list templates and the file each resolves to; --check fills every audience with the sources",
    )
    .option("--check", "compose every audience against every source's brief model and report problems")
    .action(templates);
}
