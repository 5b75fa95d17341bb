/**
 * Loads `config.yaml`: YAML with line numbers → schema → rules → a frozen config. Every problem is
 * reported at once, each with its own line, and nothing runs on a broken config.
 * @module
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { BriefError, ConfigError, type ConfigIssue } from "../errors.js";
import { lineOf } from "../yaml-lines.js";
import { deepFreeze, pathResolver, resolveConfig, templateDirsOf } from "./resolve.js";
import { RULES, type RuleIssue } from "./rules.js";
import { type Config, ConfigSchema } from "./schema.js";

export { DEFAULT_TEMPLATES, deepFreeze } from "./resolve.js";
export { validTimeZone } from "./rules.js";

/** How strictly to load. */
export interface LoadOptions {
  /** Also check what delivery needs now: credentials in the environment (the daemon and `brief run`). */
  delivery?: boolean;
  /** The environment to check (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Schema issues as rule issues; an unknown key points at the key itself, not its parent. */
function schemaIssues(error: z.ZodError): RuleIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: [...issue.path, key], message: `unknown key "${key}"` }))
      : [{ path: issue.path, message: issue.message }],
  );
}

/** The YAML document and its plain data, or every syntax problem with its line. */
function readYaml(text: string, file: string) {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const problem = (message: string, line?: number): ConfigIssue => ({
    path: "",
    message,
    ...(line ? { line } : {}),
  });
  if (doc.errors.length > 0)
    throw new ConfigError(
      file,
      doc.errors.map((e) => problem(`not valid YAML: ${e.message.split("\n")[0]}`, e.linePos?.[0].line)),
    );
  try {
    return { doc, counter, raw: (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown> };
  } catch (error) {
    const line = text.split("\n").findIndex((l) => /(^|\s)\*\w/.test(l)) + 1;
    throw new ConfigError(file, [
      problem(`not usable YAML: ${(error as Error).message} (aliases expand too far)`, line || undefined),
    ]);
  }
}

/** Delivery checks (credentials in the environment, e-mail templates), loaded only when asked for. */
async function deliveryIssues(config: Config, options: LoadOptions): Promise<RuleIssue[]> {
  const { channelProblems } = await import("../deliver/validate.js");
  const used = new Set(Object.values(config.jobs).flatMap((j) => j.deliver));
  const channels = Object.fromEntries(Object.entries(config.channels).filter(([k]) => used.has(k)));
  return channelProblems(channels, {
    audiences: Object.keys(config.audiences),
    env: options.env ?? process.env,
  }).map((p) => ({ path: ["channels", ...p.path], message: p.message }));
}

/**
 * Parses and validates config text.
 * @param text the YAML text
 * @param file its path (paths in it are relative to its folder)
 * @param options delivery checks
 * @throws ConfigError listing every problem with its line
 */
export async function parseConfig(text: string, file: string, options: LoadOptions = {}): Promise<Config> {
  const { doc, counter, raw } = readYaml(text, file);
  const abs = pathResolver(file);
  const cues = (raw.structure as { cues?: unknown } | undefined)?.cues;
  const input = {
    raw,
    templateDirs: templateDirsOf(raw.templates, abs),
    cues: Array.isArray(cues) ? cues.map((c) => (typeof c === "string" ? abs(c) : c)) : [],
    abs,
    configDir: dirname(resolve(file)),
  };
  const parsed = ConfigSchema.safeParse(raw);
  const found: RuleIssue[] = [
    ...(parsed.success ? [] : schemaIssues(parsed.error)),
    ...(await Promise.all(RULES.map((rule) => rule(input)))).flat(),
  ];
  const config = parsed.success ? resolveConfig(parsed.data, file) : undefined;
  if (config && found.length === 0 && options.delivery)
    found.push(...(await deliveryIssues(config, options)));
  if (found.length > 0 || !config) {
    const issues = found.map((i) => {
      const line = lineOf(doc, counter, i.path);
      return { path: i.path.join("."), message: i.message, ...(line ? { line } : {}) };
    });
    throw new ConfigError(
      file,
      issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );
  }
  return deepFreeze(config);
}

/**
 * Reads and validates a config file.
 * @param file path of config.yaml
 * @param options delivery checks
 */
export async function loadConfig(file: string, options: LoadOptions = {}): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new BriefError(`cannot read config: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      place: { file },
      hint: "run from the project folder, or pass --config <file>",
      cause: error,
      exitCode: 2,
    });
  }
  return parseConfig(text, file, options);
}
