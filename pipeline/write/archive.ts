/**
 * The archive: `dist/index.html` lists every brief (article, audience, date, links to HTML and PDF) and
 * `dist/feed.xml` is an Atom feed of them, both made from the manifest. The page sets its text in the
 * configured headings fonts and links, like a brief, the slices of them its text needs from `fonts/`.
 * @module
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fontVariables } from "../fonts/css.js";
import type { ResolvedFonts } from "../fonts/find.js";
import type { LinkedFace } from "../fonts/html.js";
import { writeFileAtomic } from "./atomic.js";
import { type FontFolder, linkFonts } from "./fonts.js";
import { type ArchiveRecord, hashOf, type Manifest, type ManifestEntry, writeManifest } from "./manifest.js";

/** The archive page's path in the output folder. */
const INDEX = "index.html";

const escapeXml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");

const href = (path: string) => path.split("/").map(encodeURIComponent).join("/");

function byArticle(manifest: Manifest): [string, ManifestEntry[]][] {
  const groups = new Map<string, ManifestEntry[]>();
  for (const e of Object.values(manifest.briefs)) groups.set(e.slug, [...(groups.get(e.slug) ?? []), e]);
  return [...groups].sort(
    ([, a], [, b]) =>
      latest(b).localeCompare(latest(a)) || (a[0]?.title ?? "").localeCompare(b[0]?.title ?? ""),
  );
}

const latest = (entries: ManifestEntry[]) =>
  entries
    .map((e) => e.builtAt)
    .sort()
    .at(-1) ?? "";

/** The system's sans-serif fonts, after the configured ones (as in the briefs' stylesheet). */
const SANS_SYSTEM =
  '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

/** The fonts roles the archive page sets text in: the headings' fonts (Latin first in English articles). */
const ARCHIVE_ROLES = ["headings", "latinHeadings"] as const;

/** The archive's stylesheet: the configured families first (as custom properties), then the system's. */
const archiveStyle = (fonts: ResolvedFonts) => `${fontVariables(fonts)}
body { font-family: var(--font-headings), ${SANS_SYSTEM}; max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem; color: #1d2330; line-height: 1.6; }
article[lang="en"] { font-family: var(--font-latin-headings), var(--font-headings), ${SANS_SYSTEM}; }
h1 { font-size: 1.4rem; border-bottom: 3px solid #9e1b1b; padding-bottom: 0.3rem; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 0.2rem; }
.meta { color: #5b6475; font-size: 0.85rem; margin: 0; }
ul { margin: 0.3rem 0; padding-left: 1.2rem; }
.aud { display: inline-block; min-width: 5em; }
a { color: #8a1515; }`;

/**
 * Renders the archive page (without its `@font-face` rules: `refreshArchive` adds them).
 * @param manifest the manifest of the output folder
 * @param fonts the config's resolved fonts, whose headings families the page is set in
 * @param title the page title
 */
export function archiveHtml(
  manifest: Manifest,
  fonts: ResolvedFonts,
  title = "政策简报 · Policy briefs",
): string {
  const rows = byArticle(manifest)
    .map(([slug, entries]) => {
      const first = entries[0] as ManifestEntry;
      const items = entries
        .sort((a, b) => a.audience.localeCompare(b.audience))
        .map(
          (e) =>
            `<li><span class="aud">${escapeXml(e.audienceTitle)}</span> <a href="${href(e.html)}">HTML</a> · <a href="${href(e.pdf)}">PDF</a> <span class="meta">(${e.pages} ${e.lang === "zh" ? "页" : e.pages === 1 ? "page" : "pages"})</span></li>`,
        )
        .join("\n        ");
      return `    <article lang="${first.lang}" aria-labelledby="a-${escapeXml(slug)}">
      <h2 id="a-${escapeXml(slug)}">${escapeXml(first.title)}</h2>
      <p class="meta"><time datetime="${latest(entries)}">${latest(entries).slice(0, 10)}</time> · ${escapeXml(first.source)}</p>
      <ul>
        ${items}
      </ul>
    </article>`;
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<link rel="alternate" type="application/atom+xml" href="feed.xml" title="${escapeXml(title)}">
<style>
${archiveStyle(fonts)}
</style>
</head>
<body>
<main>
  <h1>${escapeXml(title)}</h1>
  <p class="meta">${Object.keys(manifest.briefs).length} briefs · <a href="feed.xml">Atom feed</a></p>
${rows}
</main>
</body>
</html>
`;
}

/**
 * Renders the Atom feed (RFC 4287): one entry per brief, newest first.
 * @param manifest the manifest
 * @param options feed title and the base URL briefs are published at (links are relative without one)
 */
export function atomFeed(manifest: Manifest, options: { title?: string; baseUrl?: string } = {}): string {
  const entries = Object.values(manifest.briefs).sort(
    (a, b) => (b.updated ?? b.builtAt).localeCompare(a.updated ?? a.builtAt) || a.pdf.localeCompare(b.pdf),
  );
  const updated = entries[0]?.updated ?? entries[0]?.builtAt ?? new Date(0).toISOString();
  const base = options.baseUrl ? ` xml:base="${escapeXml(options.baseUrl)}"` : "";
  const items = entries
    .map(
      (e) => `  <entry>
    <id>tag:policy-brief,2025:${escapeXml(e.slug)}/${escapeXml(e.audience)}</id>
    <title>${escapeXml(`${e.title} · ${e.audienceTitle}`)}</title>
    <updated>${e.updated ?? e.builtAt}</updated>
    <link rel="alternate" type="text/html" href="${escapeXml(href(e.html))}"/>
    <link rel="enclosure" type="application/pdf" href="${escapeXml(href(e.pdf))}"/>${e.origin ? `\n    <link rel="related" type="text/html" href="${escapeXml(e.origin)}"/>` : ""}
    <summary xml:lang="${e.lang}">${escapeXml(`${e.audienceTitle}: ${e.title}`)}</summary>
  </entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"${base}>
  <id>tag:policy-brief,2025:archive</id>
  <title>${escapeXml(options.title ?? "政策简报 · Policy briefs")}</title>
  <updated>${updated}</updated>
  <author><name>policy-brief</name></author>
  <link rel="self" href="feed.xml"/>
  <link rel="alternate" type="text/html" href="index.html"/>
${items}
</feed>
`;
}

/** What the archive page links its fonts with. */
export interface ArchiveFonts {
  /** The config's resolved fonts. */
  resolved: ResolvedFonts;
  /** The faces of the configured fonts a document's characters need (as `PrintFonts.linkedFor`). */
  linkedFor(html: string): LinkedFace[];
  /** The run's `fonts/` folder. */
  folder: FontFolder;
}

/** What refreshing the archive did. */
export interface ArchiveRefreshed {
  /** The font files `index.html` links (`fonts/<name>`), to keep in `fonts/`. */
  fonts: string[];
  /** Why its font files could not be put in `fonts/` (it was written without them, to retry next run). */
  fontError?: Error;
}

/**
 * Writes `index.html`: first the font files it links into `fonts/`, then the page with an
 * `@font-face` rule per face of the headings families its text needs. A font file that cannot be
 * written leaves the page naming the system's fonts only.
 * @returns the record of the page (none without its fonts: the next run writes it again)
 */
async function writeIndex(
  out: string,
  manifest: Manifest,
  fonts: ArchiveFonts,
): Promise<{ record?: ArchiveRecord; fontError?: Error }> {
  const html = archiveHtml(manifest, fonts.resolved);
  const families = new Set(ARCHIVE_ROLES.flatMap((role) => fonts.resolved[role].map((f) => f.family)));
  const faces = fonts.linkedFor(html).filter((f) => families.has(f.family));
  const put = await linkFonts(fonts.folder, INDEX, html, faces).catch((error: Error) => ({ error }));
  if ("error" in put) {
    await writeFileAtomic(join(out, INDEX), html);
    return { fontError: put.error };
  }
  await writeFileAtomic(join(out, INDEX), put.text);
  return { record: { hash: hashOf(put.text), fonts: put.linked } };
}

/**
 * Rewrites the archive when briefs were built or removed, or when `index.html` is missing or is not
 * the page the manifest records (written before the archive linked its fonts, or by a run killed
 * before recording it), and the feed with it. The page's record (its hash and font files) is written to the manifest last.
 * @param out the output folder
 * @param manifest its manifest (its `archive` record updated and written when the page is)
 * @param changed whether any brief was built or removed
 * @param fonts the fonts the page links
 * @returns `fonts`: the font files the page links, which settling `fonts/` keeps; `fontError`: why
 *   they could not be written, when they could not
 */
export async function refreshArchive(
  out: string,
  manifest: Manifest,
  changed: boolean,
  fonts: ArchiveFonts,
): Promise<ArchiveRefreshed> {
  const current = await readFile(join(out, INDEX), "utf8").catch(() => "");
  const recorded = manifest.archive;
  if (!changed && current !== "" && recorded?.hash === hashOf(current)) return { fonts: recorded.fonts };
  const { record, fontError } = await writeIndex(out, manifest, fonts);
  // The page is rewritten here (briefs changed, or it was missing or not the one recorded): the feed too.
  await writeFileAtomic(join(out, "feed.xml"), atomFeed(manifest));
  if (record) manifest.archive = record;
  else delete manifest.archive;
  await writeManifest(out, manifest);
  return { fonts: record?.fonts ?? [], ...(fontError ? { fontError } : {}) };
}
