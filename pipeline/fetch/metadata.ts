/**
 * An article's metadata from its page: meta tags (`og:*`, `article:published_time`, `citation_*`,
 * Dublin Core `DC.*`, the `ArticleTitle`/`PubDate`/`SiteName` of Chinese government CMSs), JSON-LD
 * `Article`/`NewsArticle` objects, `<link rel=canonical>` and `<title>`.
 * @module
 */

/** Metadata found in a page's head (and JSON-LD); each field absent when the page does not say. */
export interface PageMetadata {
  title?: string;
  authors: string[];
  /** YYYY-MM-DD. */
  date?: string;
  site?: string;
  /** The language tag declared (`zh-CN`, `en-US`). */
  language?: string;
  canonicalUrl?: string;
  /** `<title>` as written. */
  documentTitle?: string;
  /** Keywords and sections the page names (meta keywords, `article:section`, JSON-LD). */
  keywords: string[];
}

/** All `content` values of meta tags whose name, property or itemprop is one of `keys` (any case). */
export function metaValues(doc: Document, keys: readonly string[]): string[] {
  const wanted = keys.map((k) => k.toLowerCase());
  const found: { rank: number; value: string }[] = [];
  for (const meta of Array.from(doc.querySelectorAll("meta"))) {
    const key = (
      meta.getAttribute("name") ??
      meta.getAttribute("property") ??
      meta.getAttribute("itemprop") ??
      ""
    )
      .trim()
      .toLowerCase();
    const rank = wanted.indexOf(key);
    const value = clean(meta.getAttribute("content") ?? "");
    if (rank !== -1 && value !== "") found.push({ rank, value });
  }
  return found.sort((a, b) => a.rank - b.rank).map((f) => f.value);
}

/** Collapses whitespace; removes spaces between Chinese characters and digits (`2007　年末` → `2007年末`). */
export function clean(text: string): string {
  return text
    .replace(/[\s\u00a0\u3000]+/g, " ")
    .trim()
    .replace(
      /(?<=[\p{Script=Han}\d，。、：；！？“”《》（）]) (?=[\p{Script=Han}\d，。、：；！？“”《》（）])/gu,
      "",
    )
    .replace(/(?<=\p{Script=Han}) (?=[\p{Script=Han}])/gu, "");
}

/**
 * A date as YYYY-MM-DD: ISO dates and times, `2019年06月15日`, `2007-08-20-23:59:59`, RFC 2822.
 * @param value the date as written
 * @returns undefined when it is not a date from 1900 on
 */
export function normalizeDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(value);
  let y: number;
  let mo: number;
  let d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    const t = Date.parse(value);
    if (Number.isNaN(t)) return undefined;
    const date = new Date(t);
    [y, mo, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  }
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const ARTICLE_TYPES =
  /^(Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|BlogPosting|ScholarlyArticle|Report|TechArticle|LiveBlogPosting|GovernmentDocument)$/;

type Json = Record<string, unknown>;

function flatten(value: unknown, out: Json[]): void {
  if (Array.isArray(value)) for (const v of value) flatten(v, out);
  else if (value && typeof value === "object") {
    out.push(value as Json);
    flatten((value as Json)["@graph"], out);
  }
}

/** The JSON-LD objects of a page, article types first. */
export function jsonLdArticles(doc: Document): Json[] {
  const all: Json[] = [];
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      flatten(JSON.parse(script.textContent ?? ""), all);
    } catch {
      // a broken JSON-LD block says nothing
    }
  }
  const types = (o: Json) => [o["@type"]].flat().map(String);
  return all.filter((o) => types(o).some((t) => ARTICLE_TYPES.test(t)));
}

/** Names in a JSON-LD author/creator value: a string, `{name}`, or a list of them. */
export function jsonLdNames(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(jsonLdNames);
  if (value && typeof value === "object") {
    const name = (value as Json).name;
    return typeof name === "string" ? [name] : [];
  }
  return [];
}

function str(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return clean(value);
  if (Array.isArray(value)) return str(value[0]);
  return undefined;
}

function canonicalOf(doc: Document, base: string, ld: Json[]): string | undefined {
  const link = doc.querySelector('link[rel~="canonical" i]')?.getAttribute("href");
  const candidates = [link, ...metaValues(doc, ["og:url"]), str(ld[0]?.url)];
  for (const c of candidates) {
    if (!c) continue;
    try {
      const url = new URL(c.trim(), base);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.pathname.length > 1) return url.href;
    } catch {
      // not a URL
    }
  }
  return undefined;
}

function firstOf<T>(list: (T | undefined)[]): T | undefined {
  return list.find((v) => v !== undefined && v !== "");
}

function pageTitle(doc: Document, ld: Json[]): string | undefined {
  return firstOf([
    ...metaValues(doc, ["citation_title", "og:title", "dc.title", "dcterms.title"]),
    str(ld[0]?.headline),
    ...metaValues(doc, ["articletitle", "twitter:title"]),
  ]);
}

function pageAuthors(doc: Document, ld: Json[]): string[] {
  const lists = [
    metaValues(doc, ["citation_author"]),
    ld.flatMap((o) => jsonLdNames(o.author ?? o.creator)),
    metaValues(doc, ["dc.creator", "dcterms.creator"]),
  ];
  return lists.find((l) => l.length > 0) ?? [];
}

function pageDate(doc: Document, ld: Json[]): string | undefined {
  return firstOf(
    [
      ...metaValues(doc, [
        "article:published_time",
        "citation_publication_date",
        "citation_date",
        "citation_online_date",
      ]),
      ...metaValues(doc, ["dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created"]),
      ...ld.map((o) => str(o.datePublished ?? o.dateCreated)),
      ...metaValues(doc, [
        "pubdate",
        "publishdate",
        "publish_date",
        "firstpublishedtime",
        "og:published_time",
      ]),
      ...metaValues(doc, ["date", "datepublished", "article:modified_time", "lastmodifiedtime"]),
    ].map(normalizeDate),
  );
}

function pageSite(doc: Document, ld: Json[]): string | undefined {
  return firstOf([
    ...metaValues(doc, [
      "og:site_name",
      "sitename",
      "citation_journal_title",
      "dc.publisher",
      "application-name",
    ]),
    ...ld.map((o) => jsonLdNames(o.publisher)[0]),
  ]);
}

function pageLanguage(doc: Document, ld: Json[]): string | undefined {
  const tag = firstOf([
    doc.documentElement?.getAttribute("lang") ?? undefined,
    ...metaValues(doc, ["content-language", "dc.language", "og:locale"]),
    str(ld[0]?.inLanguage),
  ]);
  return tag?.trim() || undefined;
}

function pageKeywords(doc: Document, ld: Json[]): string[] {
  return [
    ...metaValues(doc, ["keywords", "news_keywords", "article:section", "article:tag"]),
    ...ld.flatMap((o) =>
      [o.keywords, o.articleSection].flat().filter((k): k is string => typeof k === "string"),
    ),
  ].flatMap((k) => k.split(/\s*[,，;；]\s*/).filter(Boolean));
}

/**
 * Reads a page's metadata.
 * @param doc the parsed page (before any extraction changes it)
 * @param url the page's URL, for relative canonical links
 */
export function readMetadata(doc: Document, url: string): PageMetadata {
  const ld = jsonLdArticles(doc);
  const documentTitle = doc.querySelector("title")?.textContent ?? undefined;
  return {
    title: pageTitle(doc, ld),
    authors: pageAuthors(doc, ld),
    date: pageDate(doc, ld),
    site: pageSite(doc, ld),
    language: pageLanguage(doc, ld),
    canonicalUrl: canonicalOf(doc, url, ld),
    documentTitle: documentTitle ? clean(documentTitle) : undefined,
    keywords: pageKeywords(doc, ld),
  };
}
