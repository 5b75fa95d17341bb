/**
 * Splits a raw newspaper page into its articles: an optional column-name line, a title, a byline
 * (`■ 姓名 姓名`), the body, a closing `(作者…)` note and an optional funding note.
 * @module
 */

import { isTopName } from "../structure/numbering.js";
import { BYLINE_LABEL, type Header, NAMES_LINE, readHeader } from "./header.js";
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
const BYLINE_ROLES = new RegExp(`^(${BYLINE_LABEL})[:：]?$`, "u");
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

function parseAuthors(byline: string): string[] {
  return byline
    .split(/[\s、，,;；]+/u)
    .map((a) => a.trim())
    .filter((a) => a !== "" && !BYLINE_ROLES.test(a));
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
    const notes = takeNotes(body);
    return {
      title: head.title,
      ...(head.subtitle ? { subtitle: head.subtitle } : {}),
      authors: head.authors,
      ...(column ? { column } : {}),
      ...(head.date ? { date: head.date } : {}),
      ...notes,
      notes: [...head.notes, ...notes.notes],
      body: repairBody(body),
      line: (blocks[head.start] as Block).line,
    };
  });
}

/** Pops the closing notes (author affiliation, funding, others) off the end of a body. */
function takeNotes(body: Block[]): Pick<PageArticle, "authorNote" | "fundingNote" | "notes"> {
  const result: Pick<PageArticle, "authorNote" | "fundingNote" | "notes"> = { notes: [] };
  let dated = false;
  for (let guard = 0; guard < 4 && body.length > 0; guard++) {
    const last = (body[body.length - 1] as Block).text;
    const author = AUTHOR_NOTE.exec(last);
    if (author && result.authorNote === undefined) {
      result.authorNote = last.replace(/^[(（]\s*/u, "").replace(/[)）]\s*。?$/u, "");
    } else if (FUNDING_NOTE.test(last) && [...last].length < 300 && result.fundingNote === undefined) {
      result.fundingNote = last;
    } else if (OTHER_NOTE.test(last)) {
      result.notes.unshift(last.replace(/^[(（]/u, "").replace(/[)）]$/u, ""));
    } else if (DATE_TIME.test(last) || (dated && SIGNER.test(last))) {
      // The sign-off of an official document: who issued it (above the date), and when.
      result.notes.unshift(last);
      dated = DATE_TIME.test(last);
    } else break;
    body.pop();
  }
  return result;
}

/** An issuer's name on a line of its own, above the date that closes a document (`国务院`). */
const SIGNER = /^[\p{Script=Han}（）()·\s]{2,30}$/u;

/** A block of several lines whose first line is a title: the title line and the rest. */
function titleLine(first: PageBlock): PageBlock[] {
  const lines = first.lines.map((l) => l.replace(/[\u3000\t ]+/gu, " ").trim());
  // A title wrapped mid-phrase (`…农业机械化和` / `农机装备…的指导意见`) is one title.
  const wrapped = lines.length;
  while (lines.length > 1 && TITLE_GOES_ON.test(lines[0] as string) && !endsSentence(lines[1] as string))
    lines.splice(0, 2, joinText(lines[0] as string, lines[1] as string));
  const [head, ...more] = lines;
  if (head !== undefined && more.length === 0 && wrapped > 1)
    return [{ ...first, text: head, lines: [head] }];
  if (more.length === 0 || head === undefined || endsSentence(head) || [...head].length > 60) return [first];
  return [
    { text: head, line: first.line, lines: [head] },
    ...more.map((l, i) => ({ text: l, line: first.line + i + 1, lines: [l] })),
  ];
}

function articleWithoutByline(all: PageBlock[]): PageArticle {
  const blocks = [...titleLine(all[0] as PageBlock), ...all.slice(1)];
  const [first, ...rest] = blocks as [PageBlock, ...PageBlock[]];
  const hasTitle = rest.length > 0 && !endsSentence(first.text) && [...first.text].length <= 60;
  const body = hasTitle ? rest : blocks;
  const front = hasTitle ? takeFrontLines(body) : { authors: [], notes: [] };
  const notes = takeNotes(body);
  return {
    title: hasTitle ? first.text : [...first.text].slice(0, 30).join(""),
    ...(front.subtitle ? { subtitle: front.subtitle } : {}),
    authors: front.authors,
    ...(front.date ? { date: front.date } : {}),
    ...notes,
    notes: [...front.notes, ...notes.notes],
    body: repairBody(body),
    line: first.line,
  };
}

const META = /^(来源|稿源|时间|发布时间|日期|作者|编辑|责任编辑|责编)[:：]/u;
const DATE_TIME = /^(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$/u;
/** An official document's number under its title: `国发〔2018〕42号`, `财税[2019]13号`. */
const DOC_NUMBER = /^[\p{Script=Han}]{1,10}[〔［[【(（]\d{4}[〕］\]】)）]\s*第?\d{1,4}号$/u;
/** A line a title cannot end on: it ends in a word that joins it to the next (和, 与, 关于, of, and). */
const TITLE_GOES_ON =
  /(?:[和与及暨并或的之对在于、，—：:·]|关于|有关|\b(?:of|and|the|for|to|in|on|a|an|with))$/u;
const ROLE_NAME = /^([\p{Script=Han}]{1,8})\s+([\p{Script=Han}·]{2,4})$/u;
/** The words a role before a name ends in (`本报记者 张三`, `省长 王予波`); else both are names. */
const ROLE_WORD =
  /(记者|评论员|通讯员|编辑|主编|主任|[部省市县区乡镇州校院所社司处局厅会]长|书记|教授|研究员|院士|主席|总理|委员|代表|专家|学者|理事长|董事长|经理|首席|分析师|律师|法官|检察官|发言人|大使|主持人)$/u;
/** A labelled byline: `作者：张三`, `文/张三`, `文｜张三 李四`, `撰文：王五`. */
const LABELLED_BYLINE = new RegExp(`^(?:${BYLINE_LABEL})\\s*[:：/／|｜]\\s*(\\S.*)$`, "u");
/** Short labels that may stand under a title and are not names. */
const LABELS = /^(编者按|编者的话|导读|导语|提要|按语|短评|述评|评论|观点|核心提示|内容提要)$/u;

/** The authors a byline under a title names, or undefined when the line is not a byline. */
function bylineAuthors(text: string): string[] | undefined {
  const labelled = LABELLED_BYLINE.exec(text);
  if (labelled) {
    const rest = labelled[1] as string;
    if (NAMES_LINE.test(rest)) return parseAuthors(rest);
    // `文 | 某某研究院研究员 储朝晖`: a role, then the name. `作者：张三，某某大学教授` is a note.
    const named = /^[\p{Script=Han}]{2,30}\s+([\p{Script=Han}·]{2,3})$/u.exec(rest);
    return named ? [named[1] as string] : undefined;
  }
  const speaker = ROLE_NAME.exec(text);
  const role = speaker?.[1] ?? "";
  if (speaker && (ROLE_WORD.test(role) || [...role].length > 3 || [...role].length < 2))
    return [speaker[2] as string];
  if (NAMES_LINE.test(text) && !LABELS.test(text) && !isTopName(text)) return parseAuthors(text);
  return undefined;
}

/** Takes the lines under a title that describe the article (source, date, speaker, subtitle). */
function takeFrontLines(body: Block[]): Pick<PageArticle, "subtitle" | "authors" | "date" | "notes"> {
  const out: Pick<PageArticle, "subtitle" | "authors" | "date" | "notes"> = { authors: [], notes: [] };
  while (body.length > 1) {
    const text = (body[0] as Block).text;
    const date = DATE_TIME.exec(text);
    const names = bylineAuthors(text);
    if (date)
      out.date ??= `${date[1]}-${(date[2] as string).padStart(2, "0")}-${(date[3] as string).padStart(2, "0")}`;
    else if (/^[—–―]{1,2}\S/u.test(text) && out.subtitle === undefined)
      out.subtitle = text.replace(/^[—–―]+/u, "");
    else if (names) out.authors.push(...names);
    else if (META.test(text) || LABELLED_BYLINE.test(text) || DOC_NUMBER.test(text)) out.notes.push(text);
    else break;
    body.shift();
  }
  return out;
}
