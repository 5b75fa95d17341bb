/**
 * Cross-field rules of the config: each takes the raw data (the schema may have failed, so they check
 * types themselves and every problem is listed at once) and returns the issues it finds, with paths.
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { resolveFonts } from "../fonts/find.js";

/** An issue before its line is found. */
export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

/** What rules see: the raw config with paths made absolute, and the template folders. */
export interface RuleInput {
  raw: Record<string, unknown>;
  templateDirs: string[];
  /** Absolute paths of extra cue files (as listed). */
  cues: unknown[];
  /** Makes a config path absolute (relative to the config file's folder). */
  abs: (p: string) => string;
  /** The config file's folder. */
  configDir: string;
}

/** A rule: raw config → issues. May be async (a rule that loads a library on demand). */
export type Rule = (input: RuleInput) => RuleIssue[] | Promise<RuleIssue[]>;

const entries = (v: unknown): [string, Record<string, unknown>][] =>
  v && typeof v === "object" ? (Object.entries(v) as [string, Record<string, unknown>][]) : [];

/** Every audience's template exists in the user's templates folder or the defaults. */
export const templatesExist: Rule = ({ raw, templateDirs }) =>
  entries(raw.audiences).flatMap(([key, audience]) => {
    const template = audience?.template;
    if (typeof template !== "string" || template === "") return [];
    if (templateDirs.some((d) => existsSync(join(d, "audiences", `${template}.hbs`)))) return [];
    return [
      {
        path: ["audiences", key, "template"],
        message: `unknown template "${template}": no audiences/${template}.hbs in ${templateDirs.join(" or ")}`,
      },
    ];
  });

/** The user's templates folder exists. */
export const templatesFolderExists: Rule = ({ raw, templateDirs }) =>
  typeof raw.templates === "string" && !existsSync(templateDirs[0] as string)
    ? [{ path: ["templates"], message: `templates folder not found: ${templateDirs[0]}` }]
    : [];

/** Extra cue files exist. */
export const cueFilesExist: Rule = ({ cues }) =>
  cues.flatMap((f, i) =>
    typeof f === "string" && !existsSync(f)
      ? [{ path: ["structure", "cues", i], message: `cues file not found: ${f}` }]
      : [],
  );

/** Every font named under `fonts:` is an installed font package or a readable local font file. */
export const fontsExist: Rule = ({ raw, abs, configDir }) => resolveFonts(raw.fonts, abs, configDir).issues;

/** True when the runtime knows the IANA time zone. */
export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const zoneIssue = (tz: unknown, path: (string | number)[]): RuleIssue[] =>
  typeof tz === "string" && !validTimeZone(tz)
    ? [{ path, message: `unknown time zone "${tz}" (use an IANA name such as Asia/Shanghai)` }]
    : [];

/** Jobs name known audiences and channels, and valid time zones. */
export const jobsReferToKnownNames: Rule = ({ raw }) => {
  const audiences = entries(raw.audiences).map(([k]) => k);
  const channels = entries(raw.channels).map(([k]) => k);
  const issues: RuleIssue[] = zoneIssue(raw.timezone, ["timezone"]);
  for (const [name, job] of entries(raw.jobs)) {
    if (!job || typeof job !== "object") continue;
    issues.push(...zoneIssue(job.timezone, ["jobs", name, "timezone"]));
    const unknown = (list: unknown, known: string[], key: string, what: string) => {
      if (!Array.isArray(list)) return;
      list.forEach((v, i) => {
        if (typeof v === "string" && !known.includes(v))
          issues.push({
            path: ["jobs", name, key, i],
            message: `unknown ${what} "${v}" (defined: ${known.join(", ") || "none"})`,
          });
      });
    };
    unknown(job.audiences, audiences, "audiences", "audience");
    unknown(job.deliver, channels, "deliver", "channel");
  }
  return issues;
};

/** Jobs have valid cron expressions (node-cron is loaded only when some job has one). */
export const cronIsValid: Rule = async ({ raw }) => {
  const jobs = entries(raw.jobs).filter(([, j]) => j && typeof j.cron === "string");
  if (jobs.length === 0) return [];
  const { default: cron } = await import("node-cron");
  return jobs.flatMap(([name, job]) => {
    const expression = job.cron as string;
    if (cron.validate(expression)) return [];
    const detail = cron
      .validateDetailed(expression)
      .errors.map((e) => e.message)
      .join("; ");
    return [
      {
        path: ["jobs", name, "cron"],
        message: `invalid cron expression "${expression}"${detail ? `: ${detail}` : ""}`,
      },
    ];
  });
};

/** CSS selectors of listing pages parse (linkedom is loaded only when some page has one). */
export const selectorsAreValid: Rule = async ({ raw }) => {
  const found = entries(raw.jobs).flatMap(([name, job]) =>
    Array.isArray(job?.pages)
      ? job.pages.flatMap((p: unknown, i: number) => {
          const selector = (p as { selector?: unknown } | null)?.selector;
          return typeof selector === "string"
            ? [{ path: ["jobs", name, "pages", i, "selector"], selector }]
            : [];
        })
      : [],
  );
  if (found.length === 0) return [];
  const { parseHTML } = await import("linkedom");
  const { document } = parseHTML("<html><body></body></html>");
  return found.flatMap(({ path, selector }) => {
    try {
      document.querySelectorAll(selector);
      return [];
    } catch {
      return [{ path, message: `not a CSS selector: ${selector}` }];
    }
  });
};

/** The rules every config passes. */
export const RULES: readonly Rule[] = [
  templatesFolderExists,
  templatesExist,
  cueFilesExist,
  fontsExist,
  jobsReferToKnownNames,
  cronIsValid,
  selectorsAreValid,
];
