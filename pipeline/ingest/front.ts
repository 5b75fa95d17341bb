/**
 * The lines that describe an article rather than say it: bylines (`作者：张三`, `文 | 某研究院研究员
 * 储朝晖`, `省长 王予波`, `By Jane Doe`), date lines, source and number lines (`来源：…`, `国发〔2018〕42号`),
 * a `——subtitle`, and a title's column label (`评论 | …`, `…（评论员观察）`). Read the same way under a
 * raw page's title (ingest) and at the top of a Markdown body (structure).
 * @module
 */

import { INSTITUTION } from "../structure/matter.js";
import { isTopName } from "../structure/numbering.js";
import { readDateLine } from "./dates.js";
import { BYLINE_LABEL, NAMES_LINE } from "./header.js";
import { endsSentence } from "./repair.js";

/** What the lines under a title say. */
export interface FrontLines {
  subtitle?: string;
  authors: string[];
  date?: string;
  notes: string[];
}

/** A block a front line may be read from: its text, and its lines when a block holds several. */
export interface FrontBlock {
  text: string;
  lines?: readonly string[];
  /** Markdown blocks: a heading, a list item or a table row is never a front line. */
  type?: string;
  form?: string;
}

const BYLINE_ROLES = new RegExp(`^(${BYLINE_LABEL})[:：]?$`, "u");
/** Labelled lines that describe the article (source, editor, a press release's sender). */
const META =
  /^(?:(?:来源|稿源|时间|发布时间|日期|作者|编辑|责任编辑|责编)[:：]|(?:source|press release|media release|media contact|contact)\s*[:：])/iu;
/** An official document's number under its title: `国发〔2018〕42号`, `财税[2019]13号`. */
const DOC_NUMBER = /^[\p{Script=Han}]{1,10}[〔［[【(（]\d{4}[〕］\]】)）]\s*第?\d{1,4}号$/u;
/** A role, then a name: `省长 王予波`; a role of more than 8 characters needs a role word at its end. */
const ROLE_NAME = /^([\p{Script=Han}、]{1,24})\s+([\p{Script=Han}·]{2,4})$/u;
/** The words a role before a name ends in (`本报记者 张三`, `省长 王予波`); else both are names. */
const ROLE_WORD =
  /(记者|评论员|通讯员|实习生|编辑|主编|主任|[部省市县区乡镇州校院所社司处局厅会]长|书记|教授|研究员|院士|主席|总理|委员|代表|专家|学者|理事长|董事长|经理|首席|分析师|律师|法官|检察官|发言人|大使|主持人)$/u;
/** A labelled byline: `作者：张三`, `文/张三`, `文｜张三 李四`, `撰文：王五`. */
const LABELLED_BYLINE = new RegExp(`^(?:${BYLINE_LABEL})\\s*[:：/／|｜]\\s*(\\S.*)$`, "u");
/** A role (it may list several: `副主任、某某委员`), then names: `南方周末记者 王伟凯 周小铃`. */
const ROLE_NAMES =
  /^[\p{Script=Han}、·（）()]{2,40}\s+([\p{Script=Han}·]{2,3}(?:\s+[\p{Script=Han}·]{2,3})*)$/u;
/** Short labels that may stand under a title and are not names. */
const LABELS = /^(编者按|编者的话|导读|导语|提要|按语|短评|述评|评论|观点|核心提示|内容提要)$/u;
/** An English name: two to four capitalised words (`Jane Doe`, `Lynn E. Broaddus`, `Vincent van Gogh`). */
const EN_WORD = "\\p{Lu}[\\p{L}'’-]*\\.?";
const EN_NAME = `${EN_WORD}(?:\\s+(?:(?:de|da|di|van|von|der|den|du|la|le|del|dos)\\s+)?${EN_WORD}){1,3}`;
const EN_AND = "(?:\\s*,\\s*(?:and\\s+)?|\\s+and\\s+|\\s*&\\s*)";
const EN_NAMES = new RegExp(`^${EN_NAME}(?:${EN_AND}${EN_NAME})*$`, "u");
const EN_BYLINE = /^by\s+(.+)$/iu;

/** A byline's word that is no name: a label (`记者`), a role (`每经编辑`), an institution (`国防大学`). */
const notName = (word: string) =>
  BYLINE_ROLES.test(word) || ([...word].length >= 3 && ROLE_WORD.test(word)) || INSTITUTION.test(word);

/**
 * The names of a byline's text, without its labels, roles and institutions (`本报记者`, `国防大学`).
 * @param byline the names, separated by spaces or 、，
 */
export function parseAuthors(byline: string): string[] {
  return byline
    .split(/[\s、，,;；]+/u)
    .map((a) => a.trim())
    .filter((a) => a !== "" && !notName(a));
}

const englishNames = (names: string) =>
  names
    .split(new RegExp(EN_AND, "u"))
    .map((n) => n.trim())
    .filter(Boolean);

/**
 * The authors a byline under a title names, or undefined when the line is not a byline.
 * @param text the line, trimmed
 */
export function bylineAuthors(text: string): string[] | undefined {
  const labelled = LABELLED_BYLINE.exec(text);
  if (labelled) {
    const rest = labelled[1] as string;
    if (NAMES_LINE.test(rest)) return parseAuthors(rest);
    // `文 | 某某研究院研究员 储朝晖`: a role, then the names. `作者：张三，某某大学教授` is a note.
    const named = ROLE_NAMES.exec(rest);
    return named ? (named[1] as string).split(/\s+/u) : undefined;
  }
  const english = EN_BYLINE.exec(text);
  if (english) return EN_NAMES.test(english[1] as string) ? englishNames(english[1] as string) : undefined;
  const speaker = ROLE_NAME.exec(text);
  const role = speaker?.[1] ?? "";
  const length = [...role].length;
  if (speaker && (ROLE_WORD.test(role) || (length > 3 && length <= 8 && !role.includes("、")) || length < 2))
    return [speaker[2] as string];
  if (NAMES_LINE.test(text) && !LABELS.test(text) && !isTopName(text)) return parseAuthors(text);
  return undefined;
}

/** A date line that is nothing but a date. */
const onlyDate = (text: string | undefined) => {
  const line = text === undefined ? undefined : readDateLine(text);
  return line?.date !== undefined && !line.more;
};

/** Reads one line into `out`; false when it says nothing about the article. */
function readFrontLine(text: string, next: string | undefined, out: FrontLines): boolean {
  const dated = readDateLine(text);
  const names = bylineAuthors(text);
  if (dated) {
    out.date ??= dated.date;
    if (dated.more || dated.date === undefined) out.notes.push(text);
  } else if (/^[—–―]{1,2}\S/u.test(text) && out.subtitle === undefined)
    out.subtitle = text.replace(/^[—–―]+/u, "");
  else if (names) out.authors.push(...names);
  // `Alison Burke` over `March 21, 2017`: a name alone on the line above the date.
  else if (EN_NAMES.test(text) && !isCapsLine(text) && onlyDate(next))
    out.authors.push(...englishNames(text));
  else if (META.test(text) || LABELLED_BYLINE.test(text) || DOC_NUMBER.test(text)) out.notes.push(text);
  else return false;
  return true;
}

/** Reads a block into `out` when its lines (or its text) all describe the article. */
function frontLinesOf(block: FrontBlock, after: FrontBlock | undefined, out: FrontLines): boolean {
  if (block.type === "heading" || block.form === "item" || block.form === "row") return false;
  const next = after?.type === "heading" ? undefined : (after?.lines?.[0] ?? after?.text);
  const readAll = (lines: readonly string[]) => {
    const read: FrontLines = { ...out, authors: [...out.authors], notes: [...out.notes] };
    if (!lines.every((line, i) => readFrontLine(line, lines[i + 1] ?? next, read))) return false;
    Object.assign(out, read);
    return true;
  };
  return (
    (block.lines !== undefined && block.lines.length > 1 && readAll(block.lines)) || readAll([block.text])
  );
}

/**
 * Takes the lines at the top of a body that describe the article (source, date, byline, subtitle,
 * document number) off it; the last block always stays.
 * @param body the blocks under the title, changed in place
 */
export function takeFrontLines(body: FrontBlock[]): FrontLines {
  const out: FrontLines = { authors: [], notes: [] };
  while (body.length > 1 && frontLinesOf(body[0] as FrontBlock, body[1], out)) body.shift();
  if (out.date === undefined) delete out.date;
  return out;
}

/** A column label before or after a title: `评论 | …`, `Opinion | …`, `… | 新京报快评`. */
const LEAD_LABEL = /^([\p{Script=Han}]{2,6}|[A-Z][a-z]+(?: [A-Za-z]+)?)\s*[|｜]\s*(\S.*)$/u;
const TRAIL_LABEL = /^(.*[^\s|｜])\s*[|｜]\s*([\p{Script=Han}]{2,6})$/u;
/** A bracketed label at the end of a Chinese title: `…（评论员观察）`, `…（政策问答·回应关切）`. */
const BRACKET_LABEL = /^(.*\p{Script=Han}.*?[^\s（(])\s*[（(]([\p{Script=Han}·]{3,20})[)）]$/u;
/** Brackets that belong to the title: a draft, an edition, a part, an excerpt. */
const NOT_COLUMN = /(稿|版|本|案|试行|节选|摘要|全文|摘编|选编|修订|续|[上中下]篇?)$/u;

/** True when every character of `short` appears in `long` in order: an abbreviation (世卫组织). */
function abbreviates(short: string, long: string): boolean {
  let at = 0;
  for (const c of short) {
    at = long.indexOf(c, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

const longer = (title: string, label: string) => [...title].length >= 2 * [...label].length;

/**
 * Splits a newspaper column's name off a title: a short label before (or after) ` | `, or a short
 * bracketed label at the end of a Chinese title that is not part of its sentence.
 * @param title the title as written
 * @returns the title without the label, and the label as `column` when there was one
 */
export function splitColumn(title: string): { title: string; column?: string } {
  const lead = LEAD_LABEL.exec(title);
  if (lead && longer(lead[2] as string, lead[1] as string))
    return { title: lead[2] as string, column: lead[1] as string };
  const trail = TRAIL_LABEL.exec(title);
  if (trail && longer(trail[1] as string, trail[2] as string))
    return { title: trail[1] as string, column: trail[2] as string };
  const bracket = BRACKET_LABEL.exec(title);
  const [, head, label] = bracket ?? [];
  if (head && label && !NOT_COLUMN.test(label) && !abbreviates(label, head) && longer(head, label))
    return { title: head, column: label };
  return { title };
}

/**
 * True when a line is written in capitals (three letters in five or more) and is no sentence: a press
 * release's sender or label (`MEDIA RELEASE`, `TREASURER`, `THE HON JANE DOE MP  Minister for Health`).
 * @param text the line
 */
export function isCapsLine(text: string): boolean {
  if (/\p{Script=Han}|[.!?;:]["”’)]*$/u.test(text) || !/\b[A-Z]{2,}\b/u.test(text)) return false;
  const letters = text.match(/[A-Za-z]/gu)?.length ?? 0;
  return (text.match(/[A-Z]/gu)?.length ?? 0) >= 0.6 * letters;
}

/**
 * True when a line is short enough for a title: 25 words of Latin text, or 60 characters.
 * @param text the line
 */
export function titleSized(text: string): boolean {
  const latin = (text.match(/[A-Za-z]/gu)?.length ?? 0) > [...text].length / 2;
  return latin ? text.split(/\s+/u).length <= 25 : [...text].length <= 60;
}

const isSender = (text: string) => isCapsLine(text) || readDateLine(text) !== undefined || META.test(text);

/**
 * Reads the sender and label lines above a page's headline: lines in capitals with no sentence
 * (`THE HON JANE DOE MP  Minister for Health`, `MEDIA RELEASE`), and the lines around them up to the
 * last one (`Minister for Ageing`, a date, `Press Release: …`). The headline is the first line after
 * the last line in capitals that is no date or labelled line, else that line in capitals itself. On
 * a page without a line in capitals, the date and labelled lines before the first line are read.
 * @param blocks the page's blocks (not changed)
 * @returns what the sender lines say, the headline's index, and the index of the block after it
 */
export function takeSenderLines(blocks: readonly FrontBlock[]): {
  front: FrontLines;
  title: number;
  body: number;
} {
  const front: FrontLines = { authors: [], notes: [] };
  const texts = blocks.map((b) => b.text);
  let run = 0;
  while (run < texts.length - 1 && !endsSentence(texts[run] as string) && titleSized(texts[run] as string))
    run++;
  const caps = texts.slice(0, run).map(isCapsLine);
  const last = caps.lastIndexOf(true);
  let title = 0;
  if (last === -1) while (title < texts.length - 1 && isSender(texts[title] as string)) title++;
  else {
    const after = texts.slice(last + 1, run).findIndex((t) => !isSender(t));
    title = after === -1 ? last : last + 1 + after;
  }
  texts.slice(0, title).forEach((text, i) => {
    if (caps[i] || !readFrontLine(text, undefined, front)) front.notes.push(text);
  });
  return { front, title, body: title + 1 };
}
