/**
 * The archive: `dist/index.html` lists every brief (article, audience, date, links to HTML and PDF) and
 * `dist/feed.xml` is an Atom feed of them, both made from the manifest.
 * @module
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.js";
import type { Manifest, ManifestEntry } from "./manifest.js";

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

/**
 * Renders the archive page.
 * @param manifest the manifest of the output folder
 * @param title the page title
 */
export function archiveHtml(manifest: Manifest, title = "政策简报 · Policy briefs"): string {
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
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", system-ui, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem; color: #1d2330; line-height: 1.6; }
h1 { font-size: 1.4rem; border-bottom: 3px solid #9e1b1b; padding-bottom: 0.3rem; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 0.2rem; }
.meta { color: #5b6475; font-size: 0.85rem; margin: 0; }
ul { margin: 0.3rem 0; padding-left: 1.2rem; }
.aud { display: inline-block; min-width: 5em; }
a { color: #8a1515; }
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

/**
 * Writes `index.html` and `feed.xml` into the output folder.
 * @param out the output folder
 * @param manifest its manifest
 */
export async function writeArchive(out: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(join(out, "index.html"), archiveHtml(manifest));
  await writeFileAtomic(join(out, "feed.xml"), atomFeed(manifest));
}

/**
 * Rewrites the archive when briefs were built or it is missing.
 * @param out the output folder
 * @param manifest its manifest
 * @param changed whether any brief was built
 */
export async function refreshArchive(out: string, manifest: Manifest, changed: boolean): Promise<void> {
  const missing = await stat(join(out, "index.html")).then(
    (s) => s.size === 0,
    () => true,
  );
  if (changed || missing) await writeArchive(out, manifest);
}
