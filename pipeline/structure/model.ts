/**
 * The brief model: what the structure stage understood of one article, written to
 * `dist/<slug>/brief.json` and handed to compose. The JSON Schema in `brief.schema.json` describes it.
 * @module
 */

/** The kinds a section can have, in the order a full brief shows them. */
export const SECTION_KINDS = ["context", "achievements", "challenges", "recommendations", "other"] as const;
/** One section kind. */
export type SectionKind = (typeof SECTION_KINDS)[number];

/** A key point of a section, with the paragraph it came from. */
export interface Point {
  text: string;
  /** Rank score: higher is more central (enumerated items rank by order). */
  score?: number;
  /** 0-based index of the body paragraph over the whole article. */
  paragraph: number;
}

/** A number as written (`1.32万亿元`, `9.3%`), with its sentence. */
export interface KeyFigure {
  value: string;
  /** What the number is: a percentage, an amount, a count or a date. */
  kind: "percent" | "amount" | "count" | "date";
  sentence: string;
  paragraph: number;
  /** Higher is more informative; the list is sorted by it. */
  score: number;
}

/** A document cited in 《》. */
export interface Reference {
  title: string;
  paragraph: number;
}

/** A section of the article. */
export interface Section {
  kind: SectionKind;
  /** The subheading, or null for text before the first heading (or an unheaded article). */
  heading: string | null;
  /** The repaired paragraph texts. */
  paragraphs: string[];
  /** Index of the section's first paragraph over the whole article. */
  firstParagraph: number;
  points: Point[];
}

/** A problem found in the content: reported at the end, attached to its article. */
export interface Message {
  level: "warning" | "error";
  rule: string;
  reason: string;
  file: string;
  line?: number;
}

/** Everything the pipeline knows about one article. */
export interface BriefModel {
  slug: string;
  title: string;
  subtitle?: string;
  authors: string[];
  column?: string;
  date?: string;
  authorNote?: string;
  fundingNote?: string;
  notes: string[];
  /** The source file the brief was built from. */
  source: string;
  /** Where the source came from, when it was ingested from a page (`sources/raw/page.txt:12`). */
  origin?: string;
  /** When the source was fetched from `origin` (a web page), ISO time. */
  fetchedAt?: string;
  lang: "zh" | "en";
  /** One sentence that states the article's thesis, from its lead; null when the lead has none. */
  bottomLine: Point | null;
  sections: Section[];
  keyFigures: KeyFigure[];
  references: Reference[];
  messages: Message[];
}
