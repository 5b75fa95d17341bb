/**
 * The CLI's reporter (stdout for progress, stderr for warnings; `BRIEF_TRACE=1` stamps each line with
 * the milliseconds since start-up) and the option every command shares.
 * @module
 */
import type { Command } from "commander";
import type { Reporter } from "../run/types.js";

const stamp = () => (process.env.BRIEF_TRACE === "1" ? `[${Math.round(performance.now())} ms] ` : "");

/** Prints progress to stdout and warnings to stderr. */
export const reporter: Reporter = {
  line: (text) => process.stdout.write(`${stamp()}${text}\n`),
  warn: (text) => process.stderr.write(`${stamp()}${text}\n`),
};

/**
 * Adds `-c, --config <file>` to a command.
 * @param command the command
 */
export const withConfig = (command: Command) =>
  command.option("-c, --config <file>", "config file", "config.yaml");

/**
 * Resolves when the process is told to stop: SIGINT, SIGTERM, SIGHUP, or its parent is gone (npm or a
 * shell killed without passing the signal on: this process was reparented).
 * @returns the signal's name, or "parent gone"
 */
export function untilStopped(): Promise<string> {
  const parent = process.ppid;
  return new Promise((resolve) => {
    const watch = setInterval(() => {
      if (process.ppid !== parent) done("parent gone");
    }, 1000);
    const done = (why: string) => {
      clearInterval(watch);
      resolve(why);
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => done(signal));
  });
}
