/**
 * Loads `config.yaml`: YAML with line numbers → schema → rules → a frozen config. Every problem is
 * reported at once, each with its line, and nothing runs on a broken config.
 * @module
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import cron from "node-cron";
import { type Document, isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { ChannelConfig } from "../deliver/types.js";
import { channelProblems } from "../deliver/validate.js";
import { BriefError } from "../errors.js";
import { PROJECT_ROOT } from "../paths.js";
import { type Config, type ConfigInput, ConfigSchema } from "./schema.js";

/** The templates shipped with the project. */
export const DEFAULT_TEMPLATES = join(PROJECT_ROOT, "templates");

/** One config problem: what is wrong and where. */
export interface ConfigIssue {
  path: string;
  message: string;
  line?: number;
}

/** Thrown when the config has problems; the message lists them all, one per line. */
export class ConfigError extends BriefError {
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
    this.issues = issues;
  }
}

function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    // For a key whose value is missing, point at the pair's key.
  }
  return undefined;
}

/**
 * Cross-field rules: each returns the issues it finds. They run on the raw data too, when the schema
 * failed, so every problem is listed at once; hence they check types themselves.
 */
type Rule = (
  raw: RawConfig,
  templateDirs: string[],
  env: NodeJS.ProcessEnv,
) => { path: (string | number)[]; message: string }[];
interface RawConfig {
  timezone?: unknown;
  jobs?: unknown;
  channels?: unknown;
  templates?: unknown;
  audiences?: unknown;
  structure?: { cues?: unknown };
}

/** Every audience's template exists in the user's templates folder or the defaults. */
const templatesExist: Rule = (raw, dirs) =>
  Object.entries(raw.audiences && typeof raw.audiences === "object" ? raw.audiences : {}).flatMap(
    ([key, audience]) => {
      const template = (audience as { template?: unknown } | null)?.template;
      if (typeof template !== "string" || template === "") return [];
      return dirs.some((d) => existsSync(join(d, "audiences", `${template}.hbs`)))
        ? []
        : [
            {
              path: ["audiences", key, "template"],
              message: `unknown template "${template}": no audiences/${template}.hbs in ${dirs.join(" or ")}`,
            },
          ];
    },
  );

/** The user's templates folder exists. */
const templatesFolderExists: Rule = (raw, dirs) =>
  typeof raw.templates === "string" && !existsSync(dirs[0] as string)
    ? [{ path: ["templates"], message: `templates folder not found: ${dirs[0]}` }]
    : [];

/** Extra cue files exist. */
const cueFilesExist: Rule = (raw, _dirs) => {
  const cues = raw.structure?.cues;
  if (!Array.isArray(cues)) return [];
  return cues.flatMap((f, i) =>
    typeof f === "string" && !existsSync(f)
      ? [{ path: ["structure", "cues", i], message: `cues file not found: ${f}` }]
      : [],
  );
};

/** Jobs name known audiences and channels, valid cron expressions and time zones. */
const jobsAreValid: Rule = (raw) => {
  const jobs =
    raw.jobs && typeof raw.jobs === "object" ? (raw.jobs as Record<string, Record<string, unknown>>) : {};
  const audiences = raw.audiences && typeof raw.audiences === "object" ? Object.keys(raw.audiences) : [];
  const channels = raw.channels && typeof raw.channels === "object" ? Object.keys(raw.channels) : [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  const zone = (tz: unknown, path: (string | number)[]) => {
    if (typeof tz === "string" && !validTimeZone(tz))
      issues.push({ path, message: `unknown time zone "${tz}" (use an IANA name such as Asia/Shanghai)` });
  };
  zone(raw.timezone, ["timezone"]);
  for (const [name, job] of Object.entries(jobs)) {
    if (!job || typeof job !== "object") continue;
    if (typeof job.cron === "string" && !cron.validate(job.cron)) {
      const detail = cron
        .validateDetailed(job.cron)
        .errors.map((e) => e.message)
        .join("; ");
      issues.push({
        path: ["jobs", name, "cron"],
        message: `invalid cron expression "${job.cron}"${detail ? `: ${detail}` : ""}`,
      });
    }
    zone(job.timezone, ["jobs", name, "timezone"]);
    if (Array.isArray(job.audiences))
      job.audiences.forEach((a, i) => {
        if (typeof a === "string" && !audiences.includes(a))
          issues.push({
            path: ["jobs", name, "audiences", i],
            message: `unknown audience "${a}" (defined: ${audiences.join(", ")})`,
          });
      });
    if (Array.isArray(job.deliver))
      job.deliver.forEach((c, i) => {
        if (typeof c === "string" && !channels.includes(c))
          issues.push({
            path: ["jobs", name, "deliver", i],
            message: `unknown channel "${c}" (defined: ${channels.join(", ") || "none"})`,
          });
      });
  }
  return issues;
};

/** Channels that jobs use have their credentials in the environment, valid recipients and URLs. */
const channelsAreUsable: Rule = (raw, _dirs, env) => {
  const channels =
    raw.channels && typeof raw.channels === "object" ? (raw.channels as Record<string, ChannelConfig>) : {};
  const audiences = raw.audiences && typeof raw.audiences === "object" ? Object.keys(raw.audiences) : [];
  return channelProblems(channels, env, { audiences }).map((p) => ({
    path: ["channels", ...p.path],
    message: p.message,
  }));
};

/** An environment in which every variable is set: credentials are checked only where delivery starts. */
const ANY_ENV: NodeJS.ProcessEnv = new Proxy({}, { get: () => "set" });

/** True when the runtime knows the IANA time zone. */
export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const RULES: Rule[] = [templatesFolderExists, templatesExist, cueFilesExist, jobsAreValid, channelsAreUsable];

/** How strictly to load. */
export interface LoadOptions {
  /** Also check what delivery needs now: credentials in the environment (the daemon and `brief run`). */
  delivery?: boolean;
  /** The environment to check (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Parses and validates config text.
 * @param text the YAML text
 * @param file its path (paths in it are relative to its folder)
 * @throws ConfigError listing every problem with its line
 */
export function parseConfig(text: string, file: string, options: LoadOptions = {}): Config {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        path: "",
        message: `not valid YAML: ${e.message.split("\n")[0]}`,
        ...(e.linePos ? { line: e.linePos[0].line } : {}),
      })),
    );
  }
  const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
  const root = dirname(resolve(file));
  const abs = (p: string) => (isAbsolute(p) ? p : join(root, p));
  const templateDirs = [
    ...(typeof raw.templates === "string" ? [abs(raw.templates)] : []),
    DEFAULT_TEMPLATES,
  ];
  const structure = raw.structure as { cues?: unknown } | undefined;
  const rawChannels =
    raw.channels && typeof raw.channels === "object"
      ? (raw.channels as Record<string, Record<string, unknown>>)
      : {};
  const rawForRules: RawConfig = {
    ...raw,
    channels: Object.fromEntries(
      Object.entries(rawChannels).map(([k, c]) => [
        k,
        c && c.type === "folder" && typeof c.path === "string" ? { ...c, path: abs(c.path) } : c,
      ]),
    ),
    structure: {
      cues: Array.isArray(structure?.cues)
        ? structure.cues.map((c) => (typeof c === "string" ? abs(c) : c))
        : undefined,
    },
  };
  const result = ConfigSchema.safeParse(raw);
  const issues: ConfigIssue[] = [
    ...(result.success
      ? []
      : result.error.issues.map((issue: z.ZodIssue) => ({ path: issue.path, message: issue.message }))),
    ...RULES.flatMap((rule) =>
      rule(rawForRules, templateDirs, options.delivery ? (options.env ?? process.env) : ANY_ENV),
    ),
  ].map((i) => {
    const line = lineOf(doc, counter, i.path);
    return { path: i.path.join("."), message: i.message, ...(line ? { line } : {}) };
  });
  if (issues.length > 0 || !result.success)
    throw new ConfigError(
      file,
      issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );
  const input: ConfigInput = result.data;
  const globs = (g: string | string[] | undefined) =>
    g === undefined ? undefined : (Array.isArray(g) ? g : [g]).map(abs);
  const config: Config = {
    ...input,
    stateDir: abs(input.state),
    channels: Object.fromEntries(
      Object.entries(input.channels).map(([k, c]) => [
        k,
        c.type === "folder" ? { ...c, path: abs(c.path) } : c,
      ]),
    ),
    jobs: Object.fromEntries(
      Object.entries(input.jobs).map(([k, j]) => [
        k,
        {
          ...j,
          timezone: j.timezone ?? input.timezone,
          sources:
            globs(j.sources) ?? (Array.isArray(input.sources) ? input.sources : [input.sources]).map(abs),
          ...(j.inbox ? { inbox: abs(j.inbox) } : {}),
        },
      ]),
    ),
    file: resolve(file),
    root,
    sources: (Array.isArray(input.sources) ? input.sources : [input.sources]).map(abs),
    out: abs(input.out),
    templateDirs,
    structure: { cues: input.structure.cues.map(abs) },
  };
  return deepFreeze(config);
}

/**
 * Reads and validates a config file.
 * @param file path of config.yaml
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
    });
  }
  return parseConfig(text, file, options);
}

/** Freezes an object and everything in it, so no stage can change the run's config. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
