/**
 * The outline of a source: its title (front matter, a `#` title — joined when it is spread over two
 * lines —, or a title line), its headings as a tree, and its paragraphs under them. Headings written
 * as text are read as headings: short numbered lines (`1.1 …`, `（一）…`) always, and in a source
 * without Markdown headings, bold lines and short plain lines that stand before a paragraph.
 * Separator lines (`***`, `…………`) are dropped.
 * @module
 */
import { BriefError } from "../errors.js";
import { type FrontLines, splitColumn, takeFrontLines } from "../ingest/front.js";
import { NAMES_LINE } from "../ingest/header.js";
import { isSeparator } from "../ingest/repair.js";
import { buildTree, isPartName, isTopName, numberingOf } from "./numbering.js";
import type { BodyBlock, FrontMatter } from "./parse.js";

/** A heading in the tree, with the paragraphs directly under it. */
export interface HeadingNode {
  text: string;
  depth: number;
  level: number;
  /** Index of the parent heading, or -1. */
  parent: number;
  /** Index of the first paragraph after the heading (over the whole article). */
  first: number;
  /** How many paragraphs stand directly under it (before the next heading). */
  count: number;
}

/** A source's outline. */
export interface Outline {
  title: string;
  /**
   * What the body's top lines say of the article (byline, date, source: never body text), and the
   * column label of the title (`评论 | …`) when the front matter names no column.
   */
  front: FrontLines & { column?: string; lines: string[] };
  headings: HeadingNode[];
  /** Body paragraphs in reading order. */
  paragraphs: string[];
  /** Paragraphs before the first heading (the lead). */
  lead: number;
}

const isLatin = (text: string) => (text.match(/[A-Za-z]/g)?.length ?? 0) > [...text].length / 2;
const words = (text: string) => text.split(/\s+/u).filter(Boolean).length;
/** Short enough for a heading: 15 words, or 40 characters. */
const short = (text: string, words15 = 15, chars40 = 40) =>
  isLatin(text) ? words(text) <= words15 : [...text].length <= chars40;
const SENTENCE_END = /[.。;；:：,，、]$/u;
/** A sentence end inside a line; the point of an initial or a title (U.S., Dr.) is not one. */
const INNER =
  /[。；;]|[!?](?=\s)|(?<!\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|vs|Inc|Ltd|Co|Jr|Sr|Gov|Sen|Rep))\.(?=\s)/u;
/** A title line that ends in a word that needs the next line (`…的`, `…与`). */
const OPEN_END = /[的与和及之、：:—–-]$/u;

/** A heading line spread over two: the second of two leading `#` lines that ends the first. */
function continuesTitle(title: string, next: BodyBlock | undefined, depth: number): boolean {
  if (next?.type !== "heading" || next.depth !== depth) return false;
  if (numberingOf(next.text) || isTopName(next.text)) return false;
  if (NAMES_LINE.test(next.text) && !OPEN_END.test(title)) return false;
  if (isLatin(next.text) !== isLatin(title)) return false;
  return short(`${title} ${next.text}`, 30, 80) && !/[。.!?？！]$/u.test(title);
}

/** A first paragraph that reads as a title line: short, and not a finished sentence. */
function titleLine(block: BodyBlock | undefined): boolean {
  if (block?.type !== "paragraph" || block.form === "item" || block.form === "row") return false;
  const t = block.text.replace(/[”"’')）]+$/u, "");
  return short(block.text, 40, 80) && !/[.。;；:：,，]$/u.test(t);
}

/**
 * Takes the title out of the blocks: front matter, else a leading `#` title (two lines joined when
 * the title is spread over them), else a title line, else the first `#` heading anywhere.
 * @throws BriefError when there is none
 */
export function takeTitle(front: FrontMatter, blocks: BodyBlock[], file: string): string {
  if (front.title) return front.title;
  const first = blocks[0];
  if (first?.type === "heading" && (first.depth === 1 || !blocks.some((b) => b.depth === 1))) {
    blocks.shift();
    let title = first.text;
    if (continuesTitle(title, blocks[0], first.depth)) {
      const second = blocks.shift() as BodyBlock;
      title = isLatin(title) ? `${title} ${second.text}` : title + second.text;
    }
    return title;
  }
  if (titleLine(first)) return (blocks.shift() as BodyBlock).text;
  const h1 = blocks.findIndex((b) => b.type === "heading" && b.depth === 1);
  if (h1 !== -1) return (blocks.splice(h1, 1)[0] as BodyBlock).text;
  throw new BriefError("the source has no title", {
    place: { file, line: 1 },
    hint: "add `title:` to the front matter, or a `# Title` line",
  });
}

/** A paragraph of running text: 25 words, or 60 characters, or more. */
export function fullParagraph(text: string): boolean {
  return isLatin(text) ? words(text) >= 25 : [...text].length >= 60;
}

/** A numbered line that is a heading wherever it stands: `2.1 研究方法`, `（一）坚持问题导向`. */
function numberedHeading(b: BodyBlock, romans = 2): boolean {
  const n = numberingOf(b.text);
  if (!n || b.form === "item" || b.form === "row") return false;
  if (/^(dec\d|cn|cn-paren|num-paren|part|section)$/u.test(n.style))
    return short(b.text) && !INNER.test(b.text.replace(/[。.]$/u, ""));
  const title = b.text.slice(n.marker.length).trim();
  // `II. Findings`: the point after a Roman numeral is not a sentence's end; one such line alone may
  // be an initial (`V. Putin met the press`), so a Roman numbering counts from two lines.
  if (n.style === "roman")
    return romans >= 2 && short(b.text) && !INNER.test(title) && !SENTENCE_END.test(title);
  // `1 引言`, `2 “双碳”目标下的能源转型`, `3 内涵、特征与挑战`: a bare number before a title with no
  // sentence or clause punctuation (a comma, a full stop, a question mark), not ending in a colon.
  return n.style === "num" && short(b.text, 12, 30) && !/[,，.。;；!！?？]|[:：]$/u.test(title);
}

/** A line written as a heading in a source without Markdown headings: bold, or short and plain. */
function plainHeading(b: BodyBlock, next: BodyBlock | undefined): boolean {
  if (b.form === "item" || b.form === "row" || !next || next.type !== "paragraph") return false;
  const t = b.text.trim();
  if (SENTENCE_END.test(t) || INNER.test(t) || /^(by|from)\s/iu.test(t) || /^\d/u.test(t)) return false;
  if (b.form === "emphasis") return short(t);
  return short(t, 12, 30) && [...next.text].length > 2 * [...t].length;
}

/**
 * The line just above the first full paragraph may be the first heading when it is bold or names a
 * part (Introduction) and holds no year: a byline or dateline there is plain text.
 */
const leadHeading = (b: BodyBlock) => (b.form === "emphasis" || isTopName(b.text)) && !/\d{4}/u.test(b.text);

/**
 * A short plain line just after a thematic break (`---`) and before running text names the part the
 * break opens (GAO's `Letter`, `Appendix`) in a source that otherwise marks its headings; a line
 * with a digit (a date, a figure) or a sentence is text.
 */
function ruledHeading(b: BodyBlock, next: BodyBlock | undefined): boolean {
  if (!b.ruled || b.form === "item" || b.form === "row" || next?.type !== "paragraph") return false;
  const t = b.text.trim();
  return short(t, 6, 16) && !SENTENCE_END.test(t) && !INNER.test(t) && !/\d|^(by|from)\s/iu.test(t);
}

/**
 * Reads headings written as text (see the module's description); changes the blocks in place.
 * @param blocks the body blocks after the title was taken
 */
export function promoteHeadings(blocks: BodyBlock[]): void {
  const depths = blocks.filter((b) => b.type === "heading").map((b) => b.depth);
  const marked = depths.length;
  const top = Math.min(6, ...depths);
  let depth = 2;
  const plain: number[] = [];
  // Bold lines under Markdown headings: sub-headings of the heading above.
  const bold: { at: number; depth: number }[] = [];
  // The lines above the first full paragraph (bylines, dates, datelines) are plain text, but for the
  // one just above it, which may be the first heading (see below).
  const body = blocks.findIndex((b) => b.type === "paragraph" && fullParagraph(b.text));
  const romans = blocks.filter(
    (b) => b.type === "paragraph" && numberingOf(b.text)?.style === "roman",
  ).length;
  blocks.forEach((b, i) => {
    if (b.type === "heading") {
      depth = b.depth;
      return;
    }
    const next = blocks[i + 1];
    if (!next) return;
    const placed = body !== -1 && (i > body || (i === body - 1 && leadHeading(b)));
    if (numberedHeading(b, romans)) blocks[i] = { ...b, type: "heading", depth };
    // `参考文献`, `References`, `结语` alone on a line below the body: a part of its own, even the only one.
    else if (body !== -1 && i > body && next.type === "paragraph" && isPartName(b.text) && b.form !== "item")
      blocks[i] = { ...b, type: "heading", depth: marked > 0 ? top : 2 };
    else if (marked >= 2 && body !== -1 && i > body && ruledHeading(b, next))
      blocks[i] = { ...b, type: "heading", depth: top };
    else if (!placed || !plainHeading(b, next)) return;
    else if (marked < 2) plain.push(i);
    else if (b.form === "emphasis") bold.push({ at: i, depth: Math.min(6, depth + 1) });
  });
  if (bold.length >= 2)
    for (const { at, depth: d } of bold)
      blocks[at] = { ...(blocks[at] as BodyBlock), type: "heading", depth: d };
  if (plain.length < 2) return;
  for (const i of plain) blocks[i] = { ...(blocks[i] as BodyBlock), type: "heading", depth: 2 };
}

/**
 * Builds the outline: title, headings in a tree, paragraphs.
 * @param front the front matter
 * @param parsed the body blocks (not changed)
 * @param file the source's path, for messages
 */
export function readOutline(front: FrontMatter, parsed: readonly BodyBlock[], file: string): Outline {
  const blocks = parsed.filter((b) => !(b.type === "paragraph" && isSeparator(b.text)));
  const named = front.column
    ? { title: takeTitle(front, blocks, file) }
    : splitColumn(takeTitle(front, blocks, file));
  const top = blocks.map((b) => b.text);
  const read = takeFrontLines(blocks);
  const lines = top.slice(0, top.length - blocks.length);
  promoteHeadings(blocks);
  const paragraphs: string[] = [];
  const found: Omit<HeadingNode, "level" | "parent">[] = [];
  for (const b of blocks) {
    if (b.type === "heading")
      found.push({ text: b.text, depth: b.depth, first: paragraphs.length, count: 0 });
    else {
      paragraphs.push(b.text);
      const last = found[found.length - 1];
      if (last) last.count++;
    }
  }
  const tree = buildTree(found);
  const headings = found.map((h, i) => ({ ...h, ...(tree[i] as { level: number; parent: number }) }));
  const column = named.column ? { column: named.column } : {};
  return {
    title: named.title,
    front: { ...read, ...column, lines },
    headings,
    paragraphs,
    lead: headings[0]?.first ?? paragraphs.length,
  };
}
