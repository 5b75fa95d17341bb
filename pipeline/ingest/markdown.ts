/**
 * Writes an article found on a page as a Markdown source: YAML front matter, then the body with its
 * subheadings as headings.
 * @module
 */
import { stringify } from "yaml";
import type { PageArticle } from "./split.js";

/** Escapes characters that Markdown would read as syntax, so the text stays text. */
export function escapeMarkdown(text: string): string {
  let out = text.replace(/([\\`*_[\]<&])/g, "\\$1");
  out = out.replace(/^(#{1,6}\s|>|[-+]\s|\d+[.)]\s)/, "\\$1");
  return out;
}

const CHINESE_NUMBERED = /^[一二三四五六七八九十]+[、.．]/u;
const PAREN_NUMBERED = /^[(（][一二三四五六七八九十]+[)）]/u;

/**
 * Renders one article as Markdown with front matter.
 * @param article the article
 * @param source where it came from (`sources/raw/page.txt:12`), recorded in the front matter
 */
export function toMarkdown(article: PageArticle, source: string): string {
  const front: Record<string, unknown> = { title: article.title };
  if (article.subtitle) front.subtitle = article.subtitle;
  front.authors = article.authors;
  if (article.column) front.column = article.column;
  if (article.date) front.date = article.date;
  if (article.authorNote) front.authorNote = article.authorNote;
  if (article.fundingNote) front.fundingNote = article.fundingNote;
  if (article.notes.length > 0) front.notes = article.notes;
  front.source = source;
  const hasTopLevel = article.body.some((e) => e.type === "heading" && CHINESE_NUMBERED.test(e.text));
  const body = article.body.map((e) => {
    if (e.type === "paragraph") return escapeMarkdown(e.text);
    const level = hasTopLevel && PAREN_NUMBERED.test(e.text) ? 3 : 2;
    return `${"#".repeat(level)} ${escapeMarkdown(e.text)}`;
  });
  return `---\n${stringify(front, { lineWidth: 0 })}---\n\n${body.join("\n\n")}\n`;
}
