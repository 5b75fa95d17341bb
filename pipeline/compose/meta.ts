/**
 * What a printed brief says about itself (the PDF's document information): its title, the article's
 * authors, the audience and column as subject, keywords from the column and the cited documents (or
 * the section headings), and the language.
 * @module
 */
import type { BriefModel } from "../structure/model.js";

/** A document's metadata, for the PDF. */
export interface DocumentMeta {
  title: string;
  author: string[];
  subject: string;
  keywords: string[];
  lang: string;
}

/**
 * The metadata of a brief for one audience.
 * @param model the structured article
 * @param audienceTitle the audience's name in the brief's language (领导速览)
 */
export function briefMeta(model: BriefModel, audienceTitle: string): DocumentMeta {
  const cited = model.references.map((r) => r.title);
  const headings = model.sections.map((s) => s.heading).filter((h): h is string => Boolean(h));
  const topics = cited.length > 0 ? cited : headings;
  const keywords = [...new Set([model.column, ...topics.slice(0, 5)].filter((k): k is string => Boolean(k)))];
  return {
    title: model.title,
    author: model.authors,
    subject: [audienceTitle, model.column].filter(Boolean).join(" · "),
    keywords,
    lang: model.lang,
  };
}
