/**
 * HTML page → the project's Markdown source: metadata from meta tags, JSON-LD and Chinese page
 * furniture; the article body by @mozilla/readability on a linkedom DOM, turned into Markdown with
 * front matter (title, authors, date, column, lang, source, fetched) that the structure stage parses.
 * @module
 */
import { createHash } from "node:crypto";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { stringify } from "yaml";
import { detectLang } from "../structure/structure.js";
import { type Failure, failure } from "./failure.js";
import { type FurnitureFields, parseFurniture } from "./furniture.js";
import { htmlToMarkdown } from "./html-markdown.js";
import { clean, normalizeDate, readMetadata } from "./metadata.js";

/** An article read from a page. */
export interface Article {
  ok: true;
  /** The URL the page was fetched from (after redirects). */
  url: string;
  /** The page's canonical URL, else `url`. */
  canonicalUrl: string;
  title: string;
  authors: string[];
  /** YYYY-MM-DD, when the page says. */
  date?: string;
  /** The site's name (front matter `column`). */
  site?: string;
  lang?: "zh" | "en";
  /** The original publisher a Chinese page names with 来源：, when it differs from the site. */
  origin?: string;
  /** The Markdown body (no front matter). */
  body: string;
  /** sha256 (hex) of the body with whitespace collapsed: the same text gives the same hash. */
  contentHash: string;
  /** The Markdown source: front matter and body. */
  markdown: string;
  fetchedAt: string;
}

/** Options of `extractArticle`. */
export interface ArticleOptions {
  /** The page's URL (after redirects). */
  url: string;
  /** When the page was fetched; default now. */
  fetchedAt?: Date;
  /** Fewer characters of text than this is "no article found"; default 200. */
  minChars?: number;
  /** Overrides: the source's language and column name (from the job's config). */
  lang?: "zh" | "en";
  column?: string;
}

/**
 * Reads the article in a page.
 * @param html the page, decoded
 * @param options its URL, fetch time and overrides
 * @returns the article, or a failure `no article found`
 */
export function extractArticle(html: string, options: ArticleOptions): Article | Failure {
  const { document } = parseHTML(html) as unknown as { document: Document };
  const meta = readMetadata(document, options.url);
  const furniture = pageLines(document)
    .map(parseFurniture)
    .filter((f): f is FurnitureFields => f !== undefined);
  let parsed: ReturnType<Readability["parse"]> = null;
  try {
    parsed = new Readability(document).parse();
  } catch {
    parsed = null;
  }
  if (!parsed?.content) return failure(options.url, "no article found");
  const title = chooseTitle(meta.title, meta.documentTitle, parsed.title, meta.site);
  const fields = (label: string) => furniture.flatMap((f) => f.fields.get(label) ?? []);
  const editors = splitNames([...fields("责任编辑"), ...fields("编辑"), ...fields("责编")]);
  const site = options.column ?? meta.site ?? titleSite(meta.documentTitle) ?? hostName(options.url);
  const authors = chooseAuthors(
    [meta.authors, [...fields("作者"), ...fields("记者")], metaAuthor(document), [parsed.byline ?? ""]],
    editors,
    site,
  );
  const chrome = [...meta.keywords, ...authors, site ?? "", parsed.byline ?? ""];
  const body = htmlToMarkdown(parsed.content, title, chrome);
  const text = body.replace(/[\s#*_|>\-`\\]/g, "");
  if (!title || text.length < (options.minChars ?? 200)) return failure(options.url, "no article found");
  const dates = ["发布时间", "发布日期", "发表时间", "日期", "时间"].flatMap(fields);
  const date = [meta.date, ...dates.map(normalizeDate), furniture.find((f) => f.date)?.date]
    .concat(normalizeDate(parsed.publishedTime ?? undefined))
    .find((d) => d !== undefined);
  const lang = options.lang ?? langOf(meta.language ?? parsed.lang ?? undefined) ?? detectLang(body);
  const canonicalUrl = meta.canonicalUrl ?? options.url;
  const origin = ["来源", "文章来源", "信息来源", "稿件来源"].flatMap(fields)[0];
  const fetchedAt = (options.fetchedAt ?? new Date()).toISOString();
  const front = { title, authors, date, column: site, lang, source: canonicalUrl, fetched: fetchedAt };
  return {
    ok: true,
    url: options.url,
    canonicalUrl,
    title,
    authors,
    date,
    site,
    lang,
    origin: origin && origin !== site ? origin : undefined,
    body,
    contentHash: contentHash(body),
    markdown: `---\n${stringify(dropUndefined(front), { lineWidth: 0 })}---\n\n${body}\n`,
    fetchedAt,
  };
}

/** sha256 (hex) of a Markdown body with whitespace collapsed. */
export function contentHash(body: string): string {
  return createHash("sha256").update(body.replace(/\s+/g, " ").trim()).digest("hex");
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function langOf(tag: string | undefined): "zh" | "en" | undefined {
  const t = tag?.toLowerCase() ?? "";
  return t.startsWith("zh") ? "zh" : t.startsWith("en") ? "en" : undefined;
}

function hostName(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return undefined;
  }
}

/** Separators between a title and its site/channel names: ` | `, ` - `, `_`, `__`, `--`, `｜`. */
const TITLE_SEPARATOR = /\s*(?:_{1,2}|-{2,}|[|｜]|\s[-–—·»]\s)\s*/;

/** The parts of a `<title>`: `宇航员…很严重 _探索者 _光明网` → [宇航员…很严重, 探索者, 光明网]. */
export function titleParts(title: string): string[] {
  return title
    .split(TITLE_SEPARATOR)
    .map((p) => p.trim())
    .filter(Boolean);
}

function titleSite(documentTitle: string | undefined): string | undefined {
  const parts = titleParts(documentTitle ?? "");
  return parts.length > 1 ? parts[parts.length - 1] : undefined;
}

/** Removes a trailing ` | Site` (any title separator) naming the site. */
function stripSite(title: string, site: string | undefined): string {
  if (!site) return title;
  const escaped = site.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`${TITLE_SEPARATOR.source}${escaped}\\s*$`, "i").exec(title);
  return m ? title.slice(0, m.index) : title;
}

/** The title: from meta tags/JSON-LD (less a site suffix), else the first part of `<title>`. */
function chooseTitle(metaTitle?: string, documentTitle?: string, readable?: string | null, site?: string) {
  if (metaTitle) return clean(stripSite(metaTitle, site));
  const whole = documentTitle ?? readable ?? "";
  const parts = titleParts(whole);
  const head = parts[0];
  return clean(head && parts.length > 1 && head.length >= 4 ? head : whole);
}

function metaAuthor(doc: Document): string[] {
  const out: string[] = [];
  for (const meta of Array.from(
    doc.querySelectorAll('meta[name="author" i], meta[property="article:author" i]'),
  )) {
    const v = meta.getAttribute("content");
    if (v) out.push(v);
  }
  return out;
}

/** Splits author strings: `A, B and C`, `王海文、贾瑞哲`, `王海文 贾瑞哲`; drops `By`, `作者：`, `本报记者`. */
export function splitNames(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const v = clean(value).replace(/^(by|作者|记者|本报记者|本报通讯员|通讯员|文|撰文)\s*[:：︱|/]?\s*/i, "");
    for (let part of v.split(/\s*(?:[,，、;；/]|\band\b|&)\s*/i)) {
      part = part.trim();
      const han = part.split(" ");
      const pieces = han.length > 1 && han.every((h) => /^\p{Script=Han}{2,4}$/u.test(h)) ? han : [part];
      for (const p of pieces) if (p && !out.includes(p)) out.push(p);
    }
  }
  return out;
}

function chooseAuthors(candidates: string[][], editors: string[], site: string | undefined): string[] {
  for (const list of candidates) {
    const names = splitNames(list).filter(
      (n) =>
        n.length <= 60 &&
        !/\d{3,}|https?:|www\.|@/.test(n) &&
        !editors.includes(n) &&
        n.toLowerCase() !== site?.toLowerCase(),
    );
    if (names.length > 0) return names;
  }
  return [];
}

const BLOCKS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul",
  "center",
  "font",
  "tbody",
  "thead",
]);
const SKIP_TEXT = new Set(["script", "style", "noscript", "template", "select", "textarea", "svg"]);

/** The text lines of a page body as a reader sees them: block elements break lines. */
export function pageLines(doc: Document): string[] {
  const lines: string[] = [];
  let current = "";
  const flush = () => {
    if (current.trim() !== "") lines.push(current.trim());
    current = "";
  };
  const walk = (node: Node) => {
    if (node.nodeType === 3) current += node.textContent ?? "";
    if (node.nodeType !== 1) return;
    const tag = (node as Element).tagName.toLowerCase();
    if (SKIP_TEXT.has(tag)) return;
    const block = BLOCKS.has(tag);
    if (block) flush();
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) flush();
  };
  if (doc.body) walk(doc.body);
  flush();
  return lines;
}
