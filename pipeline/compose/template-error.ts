/**
 * Template failures as BriefErrors naming the template file and line (and column when Handlebars
 * gives one), with the message said in words a template author understands.
 * @module
 */
import { BriefError } from "../errors.js";
import { displayPath } from "./templates.js";

/**
 * A template failure, naming the template file and line (and column when known).
 * @param error what Handlebars threw
 * @param file the template file
 * @param source its text (to find the line of a missing partial)
 * @param what what was being done ("template failed", "template cannot compile")
 */
export function templateError(error: unknown, file: string, source: string, what: string): BriefError {
  if (error instanceof BriefError) return error;
  const e = error as { message?: string; lineNumber?: number; column?: number };
  const raw = String(e.message ?? error);
  let message = raw.split("\n")[0] as string;
  let line = e.lineNumber;
  let column = e.column;
  const parse = /^Parse error on line (\d+):/.exec(raw);
  if (parse) {
    line = Number(parse[1]);
    message = `syntax error: ${raw.split("\n").slice(-1)[0]}`;
  }
  const loc = / - (\d+):(\d+)$/.exec(message);
  if (loc) {
    line = Number(loc[1]);
    column = Number(loc[2]) + 1;
    message = message.replace(/ - \d+:\d+$/, "");
  }
  const undefinedName = /^"([^"]+)" not defined in/.exec(message);
  if (undefinedName)
    message = `"${undefinedName[1]}" is neither a field of the data nor a helper (templates run in strict mode)`;
  const partial = /The partial (\S+) could not be found/.exec(message);
  if (partial) {
    const at = source.split("\n").findIndex((l) => new RegExp(`\\{\\{#?>\\s*${partial[1]}\\b`).test(l));
    if (at !== -1) line = at + 1;
    message = `missing partial "${partial[1]}": no partials/${partial[1]}.hbs in the templates folders`;
  }
  return new BriefError(`${what}: ${message}`, {
    place: { file: displayPath(file), ...(line ? { line } : {}), ...(line && column ? { column } : {}) },
    hint: "fix the template, or delete it from your templates folder to use the default",
  });
}
