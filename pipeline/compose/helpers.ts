/**
 * The helpers templates may use. Each is documented in README.md ("Template helpers").
 * @module
 */

import type Handlebars from "handlebars";
import type { HelperOptions } from "handlebars";
import { cssString } from "../fonts/css.js";

type HB = typeof Handlebars;

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#x27;": "'",
  "&#x60;": "`",
  "&#x3D;": "=",
};

/** The text of a value: pre-escaped article text (a SafeString) is unescaped, so helpers work on text. */
function plain(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && "toHTML" in (value as object)) {
    const html = String((value as { toHTML(): string }).toHTML());
    return html.replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (m) => ENTITIES[m] ?? m);
  }
  return String(value);
}

/**
 * Cuts text to at most `max` characters, preferring the end of a sentence or clause, adding `…`.
 * @param text the text
 * @param max characters, default 80
 */
export function truncate(text: string, max = 80): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join("");
  const stops = ["。", "；", "！", "？", "，", "、", ". ", "; ", ", "].map((s) => head.lastIndexOf(s));
  const cut = Math.max(...stops);
  return `${cut > max / 2 ? head.slice(0, cut) : head}…`;
}

/** An error thrown inside a helper, carrying the helper's name and where the template called it. */
export class HelperError extends Error {
  /** Line and column of the call in the template (1-based), when Handlebars gives them. */
  readonly lineNumber: number | undefined;
  readonly column: number | undefined;
  /** @param helper the helper's name @param cause what it threw @param loc where it was called */
  constructor(helper: string, cause: unknown, loc?: { start: { line: number; column: number } }) {
    super(`helper "${helper}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "HelperError";
    this.lineNumber = loc?.start.line;
    this.column = loc ? loc.start.column + 1 : undefined;
  }
}

/** `registerHelper` whose helpers, when they throw, say which helper and where it was called. */
function guarded(hb: HB) {
  return (name: string, fn: (...args: never[]) => unknown) =>
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      try {
        return (fn as (...a: unknown[]) => unknown).apply(this, args);
      } catch (error) {
        if (error instanceof HelperError) throw error;
        const options = args[args.length - 1] as
          | { loc?: { start: { line: number; column: number } } }
          | undefined;
        throw new HelperError(name, error, options?.loc);
      }
    });
}

/**
 * Registers the helpers on a Handlebars instance.
 * @param hb the instance (one per run)
 * @param labels the brief language's labels, for `label` and `kindLabel`
 */
export function registerHelpers(hb: HB, labels: () => Record<string, string>): void {
  const register = guarded(hb);
  /** `{{label "keyFigures"}}`: a label in the brief's language. */
  register("label", (key: string) => labels()[key] ?? key);
  /** `{{join list "、"}}`: joins a list. */
  // Text helpers return escaped SafeStrings: even `{{{join …}}}` cannot emit markup from a source.
  const safe = (text: string) => new hb.SafeString(hb.Utils.escapeExpression(text));
  register("join", (list: unknown, sep: unknown) =>
    safe(
      Array.isArray(list)
        ? list.map(plain).join(typeof sep === "string" || typeof sep === "object" ? plain(sep) : "、")
        : "",
    ),
  );
  /** `{{truncate text 80}}`: cuts at a clause with …. */
  register("truncate", (text: unknown, max: unknown) =>
    safe(truncate(plain(text), typeof max === "number" ? max : 80)),
  );
  /** `{{formatDate date}}` or `{{formatDate date "en"}}`: 2025年9月15日 / 15 September 2025 (2022年6月 / June 2022 for a month). */
  register("formatDate", function (this: unknown, date: unknown, ...rest: unknown[]) {
    if (rest.length === 0) throw new Error("needs a date, e.g. {{formatDate brief.date}}");
    const lang =
      typeof rest[0] === "string"
        ? rest[0]
        : ((rest[rest.length - 1] as HelperOptions).data?.root?.lang ?? "zh");
    const d = date instanceof Date ? date : new Date(plain(date));
    if (Number.isNaN(d.getTime())) return plain(date);
    // A month alone (`2022-06`, from a `June 2022` line) is shown as a month: no day is made up.
    if (/^\d{4}-\d{2}$/u.test(plain(date)))
      return lang === "en"
        ? d.toLocaleDateString("en-GB", { year: "numeric", month: "long", timeZone: "UTC" })
        : `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月`;
    return lang === "en"
      ? d.toLocaleDateString("en-GB", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" })
      : `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  });
  /** `{{formatNumber 12345.6}}`: grouped digits (12,345.6). */
  register("formatNumber", (n: unknown) => (typeof n === "number" ? n.toLocaleString("en-US") : plain(n)));
  /** `{{inc @index}}`: index + 1. */
  register("inc", (n: unknown) => (typeof n === "number" ? n + 1 : n));
  /** `{{eq a b}}`: equality, for `{{#if (eq kind "challenges")}}`. */
  register("eq", (a: unknown, b: unknown) => a === b);
  /** `{{paragraphLabel 3}}`: the label of body paragraph 3 (0-based) as a reader counts it (第4段). */
  register("paragraphLabel", (n: unknown) =>
    (labels().paragraph ?? "¶{{n}}").replace("{{n}}", String(typeof n === "number" ? n + 1 : n)),
  );
  /** `{{cssString text}}`: text as a quoted CSS string, for `content:` in a stylesheet. */
  hb.registerHelper("cssString", (text: unknown) => new hb.SafeString(cssString(plain(text))));
  /**
   * `{{pageCounter labels.page}}`: a label such as `第 {{page}} 页 / 共 {{pages}} 页` as a CSS `content`
   * value with the page counters: `"第 " counter(page) " 页 / 共 " counter(pages) " 页"`.
   */
  hb.registerHelper("pageCounter", (label: unknown) => {
    const parts = plain(label)
      .split(/(\{\{\s*pages?\s*\}\})/)
      .filter((p) => p !== "")
      .map((p) =>
        /^\{\{\s*pages\s*\}\}$/.test(p)
          ? "counter(pages)"
          : /^\{\{\s*page\s*\}\}$/.test(p)
            ? "counter(page)"
            : cssString(p),
      );
    return new hb.SafeString(parts.join(" ") || '""');
  });
  /** `{{#take list 3}}…{{/take}}`: the first n items. */
  register("take", function (this: unknown, list: unknown, n: unknown, options: HelperOptions) {
    const items = Array.isArray(list) ? list.slice(0, typeof n === "number" ? n : list.length) : [];
    return items.map((item, index) => options.fn(item, { data: { ...options.data, index } })).join("");
  });
}
