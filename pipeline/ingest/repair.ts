/**
 * Repairs column breaks: a newspaper column ends mid-word or mid-sentence, so one paragraph of the
 * article appears as two blocks. Decides, for each pair of neighbouring blocks, whether the first is a
 * finished paragraph, a subheading, or a fragment to join with the next.
 * @module
 */

/** A block of text from the page with the line it starts on (1-based). */
export interface Block {
  text: string;
  line: number;
}

/** A repaired body element: a paragraph (maybe joined from several blocks) or a subheading. */
export interface BodyElement extends Block {
  type: "paragraph" | "heading";
  /** For paragraphs: how many page blocks were joined into it (1 when none). */
  parts: number;
}

/** Characters that end a sentence (Chinese and Latin). */
const TERMINAL = /[。！？；!?;…]$|[.](?!\d)$/u;
/** Closing marks that may follow a sentence end: `。”` is a finished sentence. */
const CLOSERS = /[”’」』）)】》"'\]]+$/u;
/** A block ending in one of these continues in the next block. */
const CONTINUES = /[，、—–\-“‘「『（(《〈·,]$/u;
/** A block starting with one of these cannot start a paragraph. */
const CANNOT_START = /^[，。、；：？！）」』”’》〉%,.;:?!)]/u;
/** Sentence punctuation inside a line makes it a sentence, not a heading. */
const INNER_SENTENCE = /[。；;]|[!！](?!$)|[.](?=\s)/u;
const LATIN_END = /[A-Za-z0-9]$/;
const LATIN_START = /^[a-z0-9]/;

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** True when `text` ends a sentence, allowing closing quotes or brackets after the mark. */
export function endsSentence(text: string): boolean {
  const stripped = text.replace(CLOSERS, "");
  if (stripped.length < text.length && stripped === "") return false;
  return TERMINAL.test(stripped) || (stripped !== text && /[。！？!?.]$/u.test(stripped));
}

/** Counts characters as a reader sees them (code points). */
function length(text: string): number {
  return [...text].length;
}

/** Latin-script text counts words, Chinese counts characters. */
function isLatin(text: string): boolean {
  const letters = text.match(/[A-Za-z]/g)?.length ?? 0;
  return letters > length(text) / 2;
}

/**
 * True when a block reads like a subheading: short, not a sentence, and not closing with punctuation
 * that continues (a heading may end in ？ or ！).
 */
export function looksLikeHeading(text: string): boolean {
  const t = text.trim();
  if (t === "" || CONTINUES.test(t) || /[：:]$/u.test(t)) return false;
  if (INNER_SENTENCE.test(t.replace(/[？?！!]$/u, ""))) return false;
  if (/[。；;.]$/u.test(t.replace(CLOSERS, ""))) return false;
  if (/^[(（].*[)）]$/u.test(t)) return false;
  if (isLatin(t)) return t.split(/\s+/).length <= 14;
  return length(t) <= 36;
}

/**
 * True when a word of the language straddles the break between `a` and `b` (`提` / `供了` → 提供):
 * the strongest sign that a column break cut a word in two.
 */
export function wordStraddles(a: string, b: string): boolean {
  const tail = [...a].slice(-6).join("");
  const head = [...b].slice(0, 6).join("");
  if (!/\p{Script=Han}$/u.test(tail) || !/^\p{Script=Han}/u.test(head)) return false;
  const boundary = tail.length;
  for (const seg of segmenter.segment(tail + head)) {
    const end = seg.index + seg.segment.length;
    if (seg.index < boundary && end > boundary && seg.isWordLike) return true;
    if (seg.index >= boundary) break;
  }
  return false;
}

/** Why two neighbouring blocks are (or are not) one paragraph. */
export type JoinReason =
  | "ends-sentence"
  | "ends-colon"
  | "continues-punctuation"
  | "next-cannot-start"
  | "word-straddles"
  | "heading"
  | "fragment";

/**
 * Decides whether block `a` continues in block `b`.
 * @param a the earlier block's text
 * @param b the next block's text
 * @param aCanBeHeading false when `a` cannot be a heading (e.g. the block before it was unfinished)
 */
export function joinDecision(
  a: string,
  b: string,
  aCanBeHeading = true,
): { join: boolean; reason: JoinReason } {
  if (endsSentence(a)) return { join: false, reason: "ends-sentence" };
  if (/[：:]$/u.test(a)) return { join: false, reason: "ends-colon" };
  if (CONTINUES.test(a)) return { join: true, reason: "continues-punctuation" };
  if (CANNOT_START.test(b)) return { join: true, reason: "next-cannot-start" };
  if (LATIN_END.test(a) && LATIN_START.test(b)) return { join: true, reason: "fragment" };
  if (wordStraddles(a, b)) return { join: true, reason: "word-straddles" };
  if (aCanBeHeading && looksLikeHeading(a)) return { join: false, reason: "heading" };
  return { join: true, reason: "fragment" };
}

/** Joins two fragments: no space between Chinese text, a space between Latin words, hyphens healed. */
export function joinText(a: string, b: string): string {
  if (/[A-Za-z]-$/.test(a) && /^[a-z]/.test(b)) return a.slice(0, -1) + b;
  if (/[A-Za-z0-9,;:]$/.test(a) && /^[A-Za-z0-9(]/.test(b)) return `${a} ${b}`;
  return a + b;
}

/**
 * Repairs an article body: joins fragments split by column breaks and marks subheadings.
 * A subheading is a short non-sentence block, after a finished paragraph, followed by a normal
 * paragraph; the last block is never a heading.
 * @param blocks the body blocks in reading order
 */
export function repairBody(blocks: Block[]): BodyElement[] {
  const out: BodyElement[] = [];
  let current: BodyElement | undefined;
  let previousFinished = true;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    const next = blocks[i + 1];
    if (!current) current = { ...block, type: "paragraph", parts: 1 };
    else {
      current.text = joinText(current.text, block.text);
      current.parts++;
    }
    const canBeHeading = previousFinished && current.parts === 1;
    if (!next) {
      out.push(current);
      break;
    }
    const decision = joinDecision(current.text, next.text, canBeHeading);
    if (decision.join) continue;
    if (canBeHeading && looksLikeHeading(current.text)) current.type = "heading";
    out.push(current);
    previousFinished = true;
    current = undefined;
  }
  return out;
}
