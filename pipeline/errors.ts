/**
 * Errors that say what went wrong, where, and how to fix it.
 * @module
 */

/** A place in a file: 1-based line (and column when known). */
export interface Place {
  file: string;
  line?: number;
  column?: number;
}

/** Formats a place as `file:line:column`, omitting what is unknown. */
export function formatPlace(place: Place): string {
  let out = place.file;
  if (place.line !== undefined) out += `:${place.line}`;
  if (place.line !== undefined && place.column !== undefined) out += `:${place.column}`;
  return out;
}

/** Exit codes of the CLI: 0 ok, 1 a brief or check failed, 2 bad config or usage, 70 a bug. */
export const EXIT = { ok: 0, failed: 1, usage: 2, bug: 70 } as const;

/** What a BriefError may carry besides its message. */
export interface BriefErrorOptions {
  place?: Place;
  hint?: string;
  cause?: unknown;
  /** The CLI's exit code when this error ends it (default 1). */
  exitCode?: number;
}

/** A problem the user can fix: carries the place and a hint, never a stack trace in output. */
export class BriefError extends Error {
  /** Where the problem is, when it belongs to a file. */
  readonly place: Place | undefined;
  /** How to fix it, one sentence. */
  readonly hint: string | undefined;
  /** The exit code when this error ends the CLI. */
  readonly exitCode: number;

  /**
   * @param message what is wrong
   * @param options place, hint, the underlying cause and the exit code
   */
  constructor(message: string, options: BriefErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "BriefError";
    this.place = options.place;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failed;
  }
}

/** Bad usage or bad configuration: nothing was run (exit 2). */
export class UsageError extends BriefError {
  /** @param message what is wrong @param options place, hint and cause */
  constructor(message: string, options: Omit<BriefErrorOptions, "exitCode"> = {}) {
    super(message, { ...options, exitCode: EXIT.usage });
    this.name = "UsageError";
  }
}

/** One config problem: what is wrong and where. */
export interface ConfigIssue {
  path: string;
  message: string;
  line?: number;
}

/** The config has problems (exit 2); the message lists them all, one per line. */
export class ConfigError extends UsageError {
  /** Every problem found. */
  readonly issues: ConfigIssue[];
  /** @param file the config file @param issues the problems */
  constructor(file: string, issues: ConfigIssue[]) {
    const lines = issues.map(
      (i) => `  - ${file}${i.line ? `:${i.line}` : ""}: ${i.path ? `${i.path}: ` : ""}${i.message}`,
    );
    super(`config has ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n${lines.join("\n")}`, {
      place: { file },
      hint: "fix the lines above; README.md lists every key of config.yaml",
    });
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** Thrown to end the CLI with an exit code after the message was already printed. */
export class ExitError extends Error {
  /** The process exit code. */
  readonly code: number;
  /** @param code exit code, default 1 */
  constructor(code = 1, message = `exit ${code}`) {
    super(message);
    this.name = "ExitError";
    this.code = code;
  }
}

/**
 * Renders an error and its cause chain, one line per link: `place: message (hint)`.
 * Unexpected errors (not BriefError) keep their stack so a bug can be reported.
 * @param error anything thrown
 */
export function describeError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  let depth = 0;
  let previousMessage = "";
  while (current !== undefined && current !== null && depth < 8) {
    if (current instanceof Error && depth > 0 && previousMessage.includes(current.message)) break;
    previousMessage = current instanceof Error ? current.message : String(current);
    const prefix = depth === 0 ? "" : `${"  ".repeat(depth)}caused by: `;
    if (current instanceof BriefError) {
      const where = current.place ? `${formatPlace(current.place)}: ` : "";
      lines.push(`${prefix}${where}${current.message}`);
      if (current.hint) lines.push(`${"  ".repeat(depth + 1)}fix: ${current.hint}`);
    } else if (current instanceof Error) {
      lines.push(`${prefix}${current.message}`);
    } else {
      lines.push(`${prefix}${String(current)}`);
    }
    current = current instanceof Error ? current.cause : undefined;
    depth++;
  }
  return lines.join("\n");
}
