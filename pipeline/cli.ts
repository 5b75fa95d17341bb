/**
 * The one entry point: subcommands, one top-level catch, exit codes (0 ok, 1 a brief or check failed,
 * 2 bad config or usage, 70 a bug). Each command loads what it needs when it runs, so `brief` starts
 * fast (no mailer, no cron, no Puppeteer for a build where nothing changed).
 * @module
 */
import { Command } from "commander";
import { buildCommands } from "./commands/build.js";
import { reporter } from "./commands/report.js";
import { scheduleCommands } from "./commands/schedule.js";
import { templatesCommand } from "./commands/templates.js";
import { toolCommands } from "./commands/tools.js";
import { BriefError, describeError, EXIT, ExitError } from "./errors.js";

/** Builds the command-line program. */
export function program(): Command {
  const cli = new Command("brief")
    .description("Turn policy articles into audience-specific HTML and PDF briefs.")
    .showHelpAfterError()
    .exitOverride();
  buildCommands(cli);
  templatesCommand(cli);
  scheduleCommands(cli);
  toolCommands(cli);
  return cli;
}

/**
 * Runs the CLI with the given arguments; returns the exit code.
 * @param argv arguments after the script name
 */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ExitError) return error.code;
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("commander."))
      return code === "commander.helpDisplayed" || code === "commander.version" ? EXIT.ok : EXIT.usage;
    if (error instanceof BriefError) {
      reporter.warn(`✗ ${describeError(error)}`);
      return error.exitCode;
    }
    reporter.warn(
      `✗ unexpected error — this is a bug, please report it:\n${(error as Error).stack ?? String(error)}`,
    );
    return EXIT.bug;
  }
}
