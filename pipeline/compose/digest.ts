/**
 * A digest: one HTML document joining a run's briefs for one audience, with a cover and a table of
 * contents; each brief starts on a new page, the page number at the foot of each. Built from the briefs'
 * own HTML (their stylesheet, not their running headers), so it looks the same.
 * @module
 */
import Handlebars from "handlebars";

/** One brief of a digest. */
export interface DigestPart {
  title: string;
  html: string;
}

const esc = (s: string) => Handlebars.Utils.escapeExpression(s);

/**
 * Joins briefs into one document.
 * @param parts the briefs' titles and standalone HTML
 * @param meta the digest's title lines and language
 */
export function digestHtml(
  parts: readonly DigestPart[],
  meta: { title: string; subtitle: string; lang: string },
): string {
  const style = /<style>([\s\S]*?)<\/style>/.exec(parts[0]?.html ?? "")?.[1] ?? "";
  const bodies = parts.map((p, i) => {
    const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(p.html)?.[1] ?? "";
    // Ids must stay unique once the briefs share one page.
    const unique = body.replace(/\b(id|aria-labelledby)="([^"]+)"/g, `$1="d${i + 1}-$2"`);
    return `<article class="digest-item" id="d-${i + 1}" aria-label="${esc(p.title)}">\n${unique}\n</article>`;
  });
  const toc = parts.map((p, i) => `<li><a href="#d-${i + 1}">${esc(p.title)}</a></li>`).join("\n");
  return `<!DOCTYPE html>
<html lang="${esc(meta.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(meta.title)}</title>
<style>${style}
.digest-cover { padding: 2.5rem 1.5rem 2rem; margin-bottom: 2rem; }
.digest-cover h1 { font-size: 22pt; margin: 2rem 0 0.5rem; }
.digest-toc ol { font-size: 11pt; line-height: 2; }
.digest-item { break-before: page; page-break-before: always; }
@page { @bottom-center { content: counter(page) " / " counter(pages); font-family: var(--serif); font-size: 7.5pt; color: #667; } }
</style>
</head>
<body>
<header class="digest-cover cover">
  <p class="cover-meta">${esc(meta.subtitle)}</p>
  <h1>${esc(meta.title)}</h1>
</header>
<nav class="digest-toc" aria-label="contents"><h2>目录 · Contents</h2><ol>
${toc}
</ol></nav>
<main>
${bodies.join("\n")}
</main>
</body>
</html>
`;
}
