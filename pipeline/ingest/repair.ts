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

/** A separator line (`***`, `* * *`, `…………`, `———`, `~`): it ends a paragraph and is never a heading. */
export function isSeparator(text: string): boolean {
  const t = text.replace(/\s+/gu, "");
  return t.length >= 1 && /^[*＊·•…—–\-_=~～#※◆◇○●□■☆★]+$/u.test(t) && !/^[—–-]{1,2}$/u.test(t);
}

/** A section number standing alone: `（一）`, `一、`, `1.`, `(3)`, `第二部分`, `【点评】`. */
const BARE_MARKER =
  /^([(（][一二三四五六七八九十百\d]{1,3}[)）]|[一二三四五六七八九十百]{1,3}[、.．]|\d{1,2}[.、．]|第[一二三四五六七八九十百\d]{1,3}(部分|章|节|篇)|【[^】]{1,8}】)$/u;
/** A numbered heading that may end in 。 when it is one short sentence: `（一）经济运行稳中有进。`. */
const NUMBERED = /^([(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．])\S/u;
/** A label line that ends in a dash and introduces what follows: `聚民心——`. */
const LABEL = /^[^，。；：,;:]{2,10}(——|—)$/u;

/** True when a block is a bare section marker (it opens a section of its own). */
export function isBareMarker(text: string): boolean {
  return BARE_MARKER.test(text.trim());
}

/** True when `text` ends a sentence, allowing closing quotes or brackets after the mark. */
export function endsSentence(text: string): boolean {
  // A finished sentence may carry a note in brackets after it: `…发展。（工业和信息化部等负责）`.
  const note = text.replace(/(?<=[。！？!?.])\s*[（(][^（）()]*[）)]$/u, "");
  if (note !== text) return true;
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
  if (isBareMarker(t) || LABEL.test(t)) return true;
  if (isSeparator(t)) return false;
  if (NUMBERED.test(t) && length(t) <= 40 && !INNER_SENTENCE.test(t.replace(/[。.]$/u, ""))) return true;
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
  | "separator"
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
  if (isSeparator(a) || isSeparator(b)) return { join: false, reason: "separator" };
  if (/^[(（]$/u.test(a)) return { join: true, reason: "continues-punctuation" };
  if (aCanBeHeading && (isBareMarker(a) || LABEL.test(a))) return { join: false, reason: "heading" };
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
 * paragraph; the last block is never a heading. Separator lines end a paragraph and are dropped; a
 * bare marker (`（一）`) opens a section; a lone `（` is joined to the line it opens.
 * @param blocks the body blocks in reading order
 */
export function repairBody(blocks: Block[]): BodyElement[] {
  const out: BodyElement[] = [];
  let current: BodyElement | undefined;
  let bracket = false;
  const flush = (element: BodyElement, next: Block | undefined, canBeHeading: boolean) => {
    if (next && canBeHeading && looksLikeHeading(element.text)) element.type = "heading";
    out.push(element);
  };
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    if (isSeparator(block.text)) continue;
    const next = blocks[i + 1];
    if (!current) {
      current = { ...block, type: "paragraph", parts: 1 };
      bracket = /^[(（]$/u.test(block.text);
    } else {
      current.text = joinText(current.text, block.text);
      current.parts++;
    }
    const canBeHeading = current.parts === 1 || (bracket && current.parts === 2);
    if (!next || isSeparator(next.text) || !joinDecision(current.text, next.text, canBeHeading).join) {
      flush(current, next && !isSeparator(next.text) ? next : undefined, canBeHeading);
      current = undefined;
    }
  }
  return markParallelHeadings(out);
}

/** Chinese characters of a text, without spaces. */
const chars = (text: string) => [...text.replace(/\s+/gu, "")];

/** A short one-sentence block that may be a lead line: `生态底色更加亮丽。`, `这是…的五年。`. */
function leadLine(text: string): boolean {
  const t = text.trim();
  if (!/\p{Script=Han}/u.test(t) || !/[。]$/u.test(t)) return false;
  return length(t) <= 45 && !INNER_SENTENCE.test(t.slice(0, -1));
}

/**
 * Lead lines used as subheadings: a run of at least three short one-sentence blocks, each before a
 * longer paragraph, that are either very short without a comma (`生态底色更加亮丽。`) or share their
 * opening words (`这五年，我们…。`). One such line alone stays a paragraph.
 */
export function markParallelHeadings(elements: BodyElement[]): BodyElement[] {
  const candidates = elements.flatMap((e, i) => {
    const next = elements[i + 1];
    const ok =
      e.type === "paragraph" &&
      leadLine(e.text) &&
      next?.type === "paragraph" &&
      length(next.text) > 2 * length(e.text);
    return ok ? [i] : [];
  });
  const short = candidates.filter((i) => {
    const t = (elements[i] as BodyElement).text;
    return length(t) <= 16 && !/[，,、]/u.test(t);
  });
  const byPrefix = new Map<string, number[]>();
  for (const i of candidates) {
    const key = chars((elements[i] as BodyElement).text)
      .slice(0, 2)
      .join("");
    byPrefix.set(key, [...(byPrefix.get(key) ?? []), i]);
  }
  const marked = new Set<number>(short.length >= 3 ? short : []);
  for (const group of byPrefix.values()) if (group.length >= 3) for (const i of group) marked.add(i);
  return elements.map((e, i) => (marked.has(i) ? { ...e, type: "heading" } : e));
}
