/**
 * Splits a raw newspaper page into its articles: an optional column-name line, a title, a byline
 * (`■ 姓名 姓名`), the body, a closing `(作者…)` note and an optional funding note.
 * @module
 */

import { readDateLine } from "./dates.js";
import {
  type FrontLines,
  parseAuthors,
  splitColumn,
  takeFrontLines,
  takeSenderLines,
  titleSized,
} from "./front.js";
import { type Header, readHeader } from "./header.js";
import { type Block, type BodyElement, endsSentence, joinText, repairBody } from "./repair.js";

/** One article found on a page, before it becomes Markdown. */
export interface PageArticle {
  title: string;
  subtitle?: string;
  authors: string[];
  column?: string;
  authorNote?: string;
  fundingNote?: string;
  date?: string;
  notes: string[];
  body: BodyElement[];
  /** 1-based line of the page where the article starts. */
  line: number;
}

const BYLINE = /^[■□◆◇●○▲△◎★☆]\s*(.*)$/u;
const AUTHOR_NOTE = /^[(（]\s*(作者|本文作者)(.*)[)）]\s*。?$/u;
const FUNDING_NOTE = /^(【?基金项目】?|本文[系为是]).*(基金|项目|资助|成果)/u;
const OTHER_NOTE = /^[(（](?:(本文|来源|责任编辑|编者按|摘编自).*|[^（）()]{2,30})[)）]$/u;
/** Layout debris: stray brackets and bars (a lone opening bracket is kept: it starts a marker). */
const NOISE = /^([\][】)）|｜·_=]+|[—–-]{1,2})$/u;

/** A block of the page with its lines as they were (a header block is read line by line). */
export interface PageBlock extends Block {
  lines: string[];
}

/** Splits text into blocks at blank lines; lines inside a block are joined. */
export function toBlocks(text: string): PageBlock[] {
  const lines = text.split("\n");
  const blocks: PageBlock[] = [];
  let buffer: string[] = [];
  let start = 0;
  const flush = () => {
    if (buffer.length === 0) return;
    const joined = buffer.reduce((acc, line) =>
      /[A-Za-z0-9,.;:]$/.test(acc) && /^[A-Za-z0-9(]/.test(line) ? `${acc} ${line}` : acc + line,
    );
    blocks.push({ text: joined, line: start + 1, lines: buffer });
    buffer = [];
  };
  lines.forEach((raw, i) => {
    const line = raw.replace(/[\u3000\t ]+/gu, " ").trim();
    if (line === "") {
      flush();
      return;
    }
    if (buffer.length === 0) start = i;
    buffer.push(line);
  });
  flush();
  return blocks;
}

/** Removes a stray closing bracket the page's layout left at the end of a block (`成果]`). */
function stripStrayCloser(text: string): string {
  const m = /[\]】]+$/u.exec(text);
  if (!m) return text;
  const opens = (text.match(/[[【]/gu) ?? []).length;
  const closes = (text.match(/[\]】]/gu) ?? []).length;
  return closes > opens ? text.slice(0, m.index).trimEnd() : text;
}

function isColumnName(text: string): boolean {
  return [...text].length <= 10 && !/[\p{P}\s\d]/u.test(text.replace(/[·]/gu, ""));
}

/** Where an article starts on a page and what its head says. */
interface Head {
  /** First block of the article (its column name or header). */
  start: number;
  /** First block of its body. */
  body: number;
  title: string;
  subtitle?: string;
  authors: string[];
  column?: string;
  date?: string;
  notes: string[];
}

/** Heads found from `■ 姓名` bylines: the title before it, a short column name before that. */
function bylineHeads(blocks: readonly PageBlock[]): Head[] {
  const bylines = blocks.flatMap((b, i) => (BYLINE.test(b.text) && i > 0 ? [i] : []));
  return bylines.map((b) => {
    let titleAt = b - 1;
    let subtitle: string | undefined;
    const before = blocks[titleAt] as Block;
    if (/^[—–-]{1,2}/u.test(before.text) && titleAt > 0) {
      subtitle = before.text.replace(/^[—–-]+\s*/u, "");
      titleAt--;
    }
    const maybeColumn = blocks[titleAt - 1];
    const previous = blocks[titleAt - 2];
    const hasColumn =
      maybeColumn !== undefined &&
      isColumnName(maybeColumn.text) &&
      (previous === undefined || endsSentence(previous.text) || AUTHOR_NOTE.test(previous.text));
    const byline = (blocks[b] as Block).text.replace(BYLINE, "$1");
    return {
      start: hasColumn ? titleAt - 1 : titleAt,
      body: b + 1,
      title: (blocks[titleAt] as Block).text,
      ...(subtitle ? { subtitle } : {}),
      authors: parseAuthors(byline),
      ...(hasColumn ? { column: (maybeColumn as Block).text } : {}),
      notes: [],
    };
  });
}

/** Heads found from header blocks (title, byline and date lines without blank lines between). */
function headerHeads(blocks: readonly PageBlock[]): Head[] {
  return blocks.flatMap((b, i) => {
    const header: Header | undefined = readHeader(
      b.lines.map((l) => l.replace(/[\u3000\t ]+/gu, " ").trim()),
    );
    return header ? [{ start: i, body: i + 1, ...header }] : [];
  });
}

/**
 * Finds the articles on a page.
 * @param text the page's decoded text
 * @returns the articles in reading order; one article when the page has no bylines or headers
 */
export function splitPage(text: string): PageArticle[] {
  const blocks = toBlocks(text)
    .map((b) => ({ ...b, text: stripStrayCloser(b.text) }))
    .filter((b) => !NOISE.test(b.text) && b.text !== "");
  const byByline = bylineHeads(blocks);
  const heads = byByline.length > 0 ? byByline : headerHeads(blocks);
  if (heads.length === 0) return blocks.length === 0 ? [] : [articleWithoutByline(blocks)];
  // Text before the first header is an article of its own (bylines keep the old reading).
  const first = (heads[0] as Head).start;
  const before = byByline.length === 0 && first > 0 ? [articleWithoutByline(blocks.slice(0, first))] : [];
  return [...before, ...articlesAt(blocks, heads)];
}

function articlesAt(blocks: readonly PageBlock[], heads: readonly Head[]): PageArticle[] {
  let column: string | undefined;
  return heads.map((head, k) => {
    const end = heads[k + 1]?.start ?? blocks.length;
    column = head.column ?? column;
    const body = blocks.slice(head.body, end);
    const { date, ...notes } = takeNotes(body);
    const named = splitColumn(head.title);
    const label = named.column ?? column;
    return {
      title: named.title,
      ...(head.subtitle ? { subtitle: head.subtitle } : {}),
      authors: head.authors,
      ...(label ? { column: label } : {}),
      ...((head.date ?? date) ? { date: head.date ?? date } : {}),
      ...notes,
      notes: [...head.notes, ...notes.notes],
      body: repairBody(body),
      line: (blocks[head.start] as Block).line,
    };
  });
}

type Notes = Pick<PageArticle, "authorNote" | "fundingNote" | "notes" | "date">;

/** A date alone on a line (`2018年12月21日`, `二〇〇四年一月十六日`), as ISO, else undefined. */
function dateAlone(text: string): string | undefined {
  const line = readDateLine(text);
  return line && !line.more ? line.date : undefined;
}

/** Pops the closing notes (author affiliation, funding, others, a sign-off and its date) off a body. */
function takeNotes(body: Block[]): Notes {
  const result: Notes = { notes: [] };
  let dated = false;
  for (let guard = 0; guard < 4 && body.length > 0; guard++) {
    const last = (body[body.length - 1] as Block).text;
    const author = AUTHOR_NOTE.exec(last);
    const date = dateAlone(last);
    if (author && result.authorNote === undefined) {
      result.authorNote = last.replace(/^[(（]\s*/u, "").replace(/[)）]\s*。?$/u, "");
    } else if (FUNDING_NOTE.test(last) && [...last].length < 300 && result.fundingNote === undefined) {
      result.fundingNote = last;
    } else if (OTHER_NOTE.test(last)) {
      result.notes.unshift(last.replace(/^[(（]/u, "").replace(/[)）]$/u, ""));
    } else if (date !== undefined || (dated && SIGNER.test(last))) {
      // The sign-off of an official document: who issued it (above the date), and when.
      result.notes.unshift(last);
      result.date ??= date;
      dated = date !== undefined;
    } else break;
    body.pop();
  }
  if (result.date === undefined) delete result.date;
  return result;
}

/** An issuer's name on a line of its own, above the date that closes a document (`国务院`). */
const SIGNER = /^[\p{Script=Han}（）()·\s]{2,30}$/u;

/** A block of several lines whose first line is a title: the title line and the rest. */
function titleLine(first: PageBlock): PageBlock[] {
  const lines = first.lines.map((l) => l.replace(/[\u3000\t ]+/gu, " ").trim());
  // A title wrapped mid-phrase (`…农业机械化和` / `农机装备…的指导意见`) is one title.
  const wrapped = lines.length;
  while (
    lines.length > 1 &&
    titleGoesOn(lines[0] as string) &&
    !endsSentence(lines[1] as string) &&
    titleSized(joinText(lines[0] as string, lines[1] as string))
  )
    lines.splice(0, 2, joinText(lines[0] as string, lines[1] as string));
  const [head, ...more] = lines;
  if (head !== undefined && more.length === 0 && wrapped > 1)
    return [{ ...first, text: head, lines: [head] }];
  if (more.length === 0 || head === undefined || endsSentence(head) || !titleSized(head)) return [first];
  return [
    { text: head, line: first.line, lines: [head] },
    ...more.map((l, i) => ({ text: l, line: first.line + i + 1, lines: [l] })),
  ];
}

/** The front lines read in several places, in order: the first date and subtitle, every author and note. */
const mergeFront = (...parts: FrontLines[]): FrontLines => {
  const date = parts.find((p) => p.date !== undefined)?.date;
  const subtitle = parts.find((p) => p.subtitle !== undefined)?.subtitle;
  return {
    ...(subtitle ? { subtitle } : {}),
    authors: parts.flatMap((p) => p.authors),
    ...(date ? { date } : {}),
    notes: parts.flatMap((p) => p.notes),
  };
};

function articleWithoutByline(all: PageBlock[]): PageArticle {
  // Sender and label lines above the headline (`MEDIA RELEASE`, a date) are front matter.
  const sender = takeSenderLines(all);
  const blocks = [...titleLine(all[sender.title] as PageBlock), ...all.slice(sender.body)];
  const [first, ...rest] = blocks as [PageBlock, ...PageBlock[]];
  const hasTitle = rest.length > 0 && !endsSentence(first.text) && titleSized(first.text);
  const body = hasTitle ? rest : blocks;
  const under = hasTitle ? takeFrontLines(body) : { authors: [], notes: [] };
  const { date, ...notes } = takeNotes(body);
  const front = mergeFront(sender.front, under, { authors: [], notes: [], ...(date ? { date } : {}) });
  const named = splitColumn(hasTitle ? first.text : [...first.text].slice(0, 30).join(""));
  return {
    title: named.title,
    ...(front.subtitle ? { subtitle: front.subtitle } : {}),
    authors: front.authors,
    ...(named.column ? { column: named.column } : {}),
    ...(front.date ? { date: front.date } : {}),
    ...notes,
    notes: [...front.notes, ...notes.notes],
    body: repairBody(body),
    line: (all[0] as PageBlock).line,
  };
}

/** A line a title cannot end on: it ends in a word that joins it to the next (和, 与, 关于, of, and). */
const TITLE_GOES_ON =
  /(?:[和与及暨并或的之对在于、，—：:·]|关于|有关|\b(?:of|and|the|for|to|in|on|a|an|with))$/u;

/**
 * True when a title line needs the next line: it ends in a joining word, or it opens `关于…` and
 * has not reached the `的` that closes that phrase (`国务院办公厅关于山西、安徽省` / `…事故` / `…的通报`).
 */
function titleGoesOn(line: string): boolean {
  return TITLE_GOES_ON.test(line) || /关于(?!.*的)/u.test(line);
}
