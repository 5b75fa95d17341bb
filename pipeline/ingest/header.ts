/**
 * Reads an article's header block: the lines a newspaper puts above an article without blank lines
 * between them — kicker, title, `——subtitle`, byline (`本报记者  王  政`, `李  拯`) and the paper's
 * own date line (`《人民日报》（2026年06月08日 第 05 版）`). A page of several articles is split at
 * each such block.
 * @module
 */

/** What a header block says. */
export interface Header {
  title: string;
  subtitle?: string;
  authors: string[];
  date?: string;
  /** Lines kept as notes (the paper's date line). */
  notes: string[];
}

/** The paper's own date line: `《人民日报》（2026年06月08日 第 05 版）`. */
const PUBLICATION = /^《[^》]{2,12}》\s*[(（]\s*(\d{4})年(\d{1,2})月(\d{1,2})日[^)）]*[)）]$/u;
/** A date line on its own: `2026年06月08日`, `2026-06-08`. */
const DATE_LINE = /^(\d{4})[年\-./](\d{1,2})[月\-./](\d{1,2})日?$/u;
/** The words that label a byline (`本报记者`, `作者`, `文`), as one alternation for every byline reader. */
export const BYLINE_LABEL =
  "本报记者|本报评论员|本报特约评论员|特约评论员|记者|通讯员|作者|撰文|执笔|撰稿|文|图";
// A one-character label (文, 图) needs a mark or a space after it: 文化 is no byline.
const ROLE = new RegExp(
  `^(?:(?:${BYLINE_LABEL.replace(/\|[文图]/gu, "")})[:：]?\\s*|[文图](?:\\s*[:：/／|｜]|\\s)\\s*)`,
  "u",
);
/**
 * Names alone on a line (`张三`, `张三 李四`, `欧阳修、司马光`): one name of two or three characters, or
 * up to six of two to four.
 */
export const NAMES_LINE =
  /^(?:[\p{Script=Han}·]{2,3}|[\p{Script=Han}·]{2,4}(?:[\s、，,]+[\p{Script=Han}·]{2,4}){1,5})$/u;
const NAME = /^[\p{Script=Han}·]{2,4}$/u;

function isoDate(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/** The names of a byline line, or undefined when the line is not one. */
export function bylineNames(line: string): string[] | undefined {
  const role = ROLE.test(line);
  const rest = line.replace(ROLE, "").trim();
  if (rest === "") return undefined;
  // `李  拯`: a two-character name written with a space between its characters.
  const compact = rest.replace(/\s+/gu, "");
  const tokens = rest.split(/\s{2,}|[、，,]/u).map((t) => t.replace(/\s+/gu, ""));
  if (tokens.every((t) => NAME.test(t)) && tokens.length <= 6) return tokens;
  if (!role && NAME.test(compact) && /\s/u.test(rest)) return [compact];
  if (role && tokens.length <= 6 && rest.split(/\s+/u).every((t) => NAME.test(t))) return rest.split(/\s+/u);
  return undefined;
}

function dateOf(line: string): string | undefined {
  const m = PUBLICATION.exec(line) ?? DATE_LINE.exec(line);
  return m ? isoDate(m[1] as string, m[2] as string, m[3] as string) : undefined;
}

const SENTENCE_END = /[。！!；;]$/u;

/**
 * Reads a block's lines as an article header, or undefined when they are not one: at least two
 * short lines, none a finished sentence, and a byline or the paper's date line after the title.
 * @param lines the block's lines, trimmed, in order
 */
export function readHeader(lines: readonly string[]): Header | undefined {
  if (lines.length < 2 || lines.some((l) => [...l].length > 60 || SENTENCE_END.test(l))) return undefined;
  const titles: string[] = [];
  const subtitles: string[] = [];
  const authors: string[] = [];
  const notes: string[] = [];
  let date: string | undefined;
  let signed = false;
  for (const line of lines) {
    const when = dateOf(line);
    const names = titles.length > 0 ? bylineNames(line) : undefined;
    if (when) {
      date ??= when;
      if (PUBLICATION.test(line)) notes.push(line);
      signed = true;
    } else if (names) {
      authors.push(...names);
      signed = true;
    } else if (signed) return undefined;
    else if (/^[—–-]{1,2}/u.test(line)) subtitles.push(line.replace(/^[—–-]+\s*/u, ""));
    else titles.push(line);
  }
  if (!signed || titles.length === 0) return undefined;
  // Kicker above the title: the title is the last title line, the kicker goes with the subtitle.
  const title = titles[titles.length - 1] as string;
  const subtitle = [...titles.slice(0, -1), ...subtitles].join(" ");
  return { title, ...(subtitle ? { subtitle } : {}), authors, ...(date ? { date } : {}), notes };
}
