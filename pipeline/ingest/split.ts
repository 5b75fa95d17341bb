/**
 * Splits a raw newspaper page into its articles: an optional column-name line, a title, a byline
 * (`■ 姓名 姓名`), the body, a closing `(作者…)` note and an optional funding note.
 * @module
 */
import { type Block, type BodyElement, endsSentence, repairBody } from "./repair.js";

/** One article found on a page, before it becomes Markdown. */
export interface PageArticle {
  title: string;
  subtitle?: string;
  authors: string[];
  column?: string;
  authorNote?: string;
  fundingNote?: string;
  notes: string[];
  body: BodyElement[];
  /** 1-based line of the page where the article starts. */
  line: number;
}

const BYLINE = /^[■□◆◇●○▲△◎★☆]\s*(.*)$/u;
const BYLINE_ROLES = /^(本报记者|记者|通讯员|特约评论员|本报评论员|文|图|作者)[:：]?$/u;
const AUTHOR_NOTE = /^[(（]\s*(作者|本文作者)(.*)[)）]\s*。?$/u;
const FUNDING_NOTE = /^(【?基金项目】?|本文[系为是]).*(基金|项目|资助|成果)/u;
const OTHER_NOTE = /^[(（](本文|来源|责任编辑|编者按).*[)）]$/u;
const NOISE = /^[\][】【)(）（|｜*·.\-—_=~]+$/u;

/** Splits text into blocks at blank lines; lines inside a block are joined. */
export function toBlocks(text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  let buffer: string[] = [];
  let start = 0;
  const flush = () => {
    if (buffer.length === 0) return;
    const joined = buffer.reduce((acc, line) =>
      /[A-Za-z0-9,.;:]$/.test(acc) && /^[A-Za-z0-9(]/.test(line) ? `${acc} ${line}` : acc + line,
    );
    blocks.push({ text: joined, line: start + 1 });
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

function parseAuthors(byline: string): string[] {
  return byline
    .split(/[\s、，,;；]+/u)
    .map((a) => a.trim())
    .filter((a) => a !== "" && !BYLINE_ROLES.test(a));
}

/**
 * Finds the articles on a page.
 * @param text the page's decoded text
 * @returns the articles in reading order; one article when the page has no bylines
 */
export function splitPage(text: string): PageArticle[] {
  const blocks = toBlocks(text)
    .map((b) => ({ ...b, text: stripStrayCloser(b.text) }))
    .filter((b) => !NOISE.test(b.text) && b.text !== "");
  const bylines = blocks.flatMap((b, i) => (BYLINE.test(b.text) && i > 0 ? [i] : []));
  if (bylines.length === 0) return blocks.length === 0 ? [] : [articleWithoutByline(blocks)];

  // Each article's first block: column name?, title, subtitle?
  const heads = bylines.map((b) => {
    let titleAt = b - 1;
    let subtitle: string | undefined;
    const before = blocks[titleAt] as Block;
    if (/^[—–-]{1,2}/u.test(before.text) && titleAt > 0) {
      subtitle = before.text.replace(/^[—–-]+\s*/u, "");
      titleAt--;
    }
    const maybeColumn = blocks[titleAt - 1];
    const previous = blocks[titleAt - 2];
    const columnAt =
      maybeColumn &&
      isColumnName(maybeColumn.text) &&
      (previous === undefined || endsSentence(previous.text) || AUTHOR_NOTE.test(previous.text))
        ? titleAt - 1
        : titleAt;
    return { byline: b, titleAt, columnAt, subtitle };
  });

  let column: string | undefined;
  return heads.map((head, k) => {
    const end = heads[k + 1]?.columnAt ?? blocks.length;
    if (head.columnAt < head.titleAt) column = (blocks[head.columnAt] as Block).text;
    const title = blocks[head.titleAt] as Block;
    const byline = (blocks[head.byline] as Block).text.replace(BYLINE, "$1");
    const body = blocks.slice(head.byline + 1, end);
    const notes = takeNotes(body);
    return {
      title: title.text,
      ...(head.subtitle ? { subtitle: head.subtitle } : {}),
      authors: parseAuthors(byline),
      ...(column ? { column } : {}),
      ...notes,
      body: repairBody(body),
      line: (blocks[head.columnAt] as Block).line,
    };
  });
}

/** Pops the closing notes (author affiliation, funding, others) off the end of a body. */
function takeNotes(body: Block[]): Pick<PageArticle, "authorNote" | "fundingNote" | "notes"> {
  const result: Pick<PageArticle, "authorNote" | "fundingNote" | "notes"> = { notes: [] };
  for (let guard = 0; guard < 4 && body.length > 0; guard++) {
    const last = (body[body.length - 1] as Block).text;
    const author = AUTHOR_NOTE.exec(last);
    if (author && result.authorNote === undefined) {
      result.authorNote = last.replace(/^[(（]\s*/u, "").replace(/[)）]\s*。?$/u, "");
    } else if (FUNDING_NOTE.test(last) && [...last].length < 300 && result.fundingNote === undefined) {
      result.fundingNote = last;
    } else if (OTHER_NOTE.test(last)) {
      result.notes.unshift(last.replace(/^[(（]/u, "").replace(/[)）]$/u, ""));
    } else break;
    body.pop();
  }
  return result;
}

function articleWithoutByline(blocks: Block[]): PageArticle {
  const [first, ...rest] = blocks as [Block, ...Block[]];
  const hasTitle = rest.length > 0 && !endsSentence(first.text) && [...first.text].length <= 60;
  const body = hasTitle ? rest : blocks;
  const notes = takeNotes(body);
  return {
    title: hasTitle ? first.text : [...first.text].slice(0, 30).join(""),
    authors: [],
    ...notes,
    body: repairBody(body),
    line: first.line,
  };
}
