/**
 * Date lines: a line under a title (or at the top of a body) that says when the article was
 * published — `2026-03-17`, `2026年2月2日`, `二〇〇四年一月十六日`, `8 May 2012`, `May 8, 2012`,
 * `June 2022`, `17/10/2001`, with a label (`Published:`, `时间：`, `发布时间：`), a weekday or a time.
 * @module
 */

/** English month names and their abbreviations, in calendar order. */
const MONTH_NAMES = [
  "jan(?:uary)?",
  "feb(?:ruary)?",
  "mar(?:ch)?",
  "apr(?:il)?",
  "may",
  "june?",
  "july?",
  "aug(?:ust)?",
  "sept?(?:ember)?",
  "oct(?:ober)?",
  "nov(?:ember)?",
  "dec(?:ember)?",
];
const MONTH = `(${MONTH_NAMES.join("|")})\\.?`;
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
/** The labels a date line may start with. */
const LABEL =
  "^(?:(?:(?:first\\s+|last\\s+)?(?:published|updated|posted|released|issued|dated?)(?:\\s+on)?|publication\\s+date)\\s*[:：]?\\s*|(?:时间|发布时间|发布日期|发表时间|发表日期|日期|更新时间|发稿时间|成文日期)\\s*[:：]\\s*)?";
const WEEKDAY = "(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s+)?";
/** A time after the date: `, 2:11 pm`, ` 10:00:00`, `T08:30Z`, a weekday in Chinese (`星期二`). */
const AFTER =
  "(?:\\s*(?:星期|周)[一二三四五六日天])?(?:(?:,?\\s+(?:at\\s+)?|T)\\d{1,2}[:.]\\d{2}(?::\\d{2}(?:\\.\\d+)?)?\\s*(?:[ap]\\.?m\\.?)?(?:Z|[+-]\\d{2}:?\\d{2}|\\s+[A-Z]{2,5})?)?";
/** A release number after a date (`17/10/2001 No. 83`): the line is a date line with more in it. */
const NUMBER = "(\\s+(?:No\\.?|#)\\s*\\d{1,5})?";

const shape = (core: string) => new RegExp(`${LABEL}${WEEKDAY}${core}${AFTER}${NUMBER}$`, "iu");
const ISO = shape("(\\d{4})\\s*[-年./]\\s*(\\d{1,2})\\s*[-月./]\\s*(\\d{1,2})\\s*日?");
const ZH_MONTH = shape("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月");
const DAY_MONTH = shape(`${DAY}\\s+${MONTH},?\\s+(\\d{4})`);
const MONTH_DAY = shape(`${MONTH}\\s+${DAY},?\\s+(\\d{4})`);
const MONTH_YEAR = shape(`${MONTH},?\\s+(\\d{4})`);
const NUMERIC = shape("(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{4})");
const HAN_DIGIT = "[〇○零一二三四五六七八九]";
const HAN = shape(
  `(${HAN_DIGIT}{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})[日号])?`,
);

/** What a date line says. */
export interface DateLine {
  /** The date, ISO (`2012-05-08`), or a month alone (`2022-06`); absent when the order is unclear. */
  date?: string;
  /** The line holds more than a date (a release number, a publisher): keep it as a note too. */
  more: boolean;
}

function monthOf(name: string): number {
  const lower = name.toLowerCase();
  return MONTH_NAMES.findIndex((m) => new RegExp(`^${m}$`, "u").test(lower)) + 1;
}

/** A Han number of up to 31 (`十六`, `二十一`, `三`), or a year written digit by digit (`二〇〇四`). */
function hanNumber(text: string, digits = false): number {
  const value = (c: string) => "〇○零一二三四五六七八九".indexOf(c) - 2;
  const digit = (c: string) => Math.max(0, value(c));
  if (digits) return Number([...text].map(digit).join(""));
  const [tens, ones] = text.split("十") as [string, string | undefined];
  if (ones === undefined) return digit(tens);
  return (tens === "" ? 1 : digit(tens)) * 10 + (ones === "" ? 0 : digit(ones));
}

function iso(y: number, m: number, d?: number): string | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12) return undefined;
  const month = `${y}-${String(m).padStart(2, "0")}`;
  if (d === undefined) return month;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d >= 1 && d <= last ? `${month}-${String(d).padStart(2, "0")}` : undefined;
}

/** Day and month of `17/10/2001`: a number above 12 tells which is the day; else equal, or unclear. */
function numericDate(a: number, b: number, y: number): string | undefined | null {
  if (a > 12 && b <= 12) return iso(y, b, a);
  if (b > 12 && a <= 12) return iso(y, a, b);
  return a === b ? iso(y, a, a) : null;
}

type Reader = (m: RegExpExecArray) => string | undefined | null;
const num = (m: RegExpExecArray, i: number) => Number(m[i]);

/** Each shape of a date, how its match reads, and the group of its release number. */
const SHAPES: [RegExp, Reader, number][] = [
  [ISO, (m) => iso(num(m, 1), num(m, 2), num(m, 3)), 4],
  [ZH_MONTH, (m) => iso(num(m, 1), num(m, 2)), 3],
  [DAY_MONTH, (m) => iso(num(m, 3), monthOf(m[2] as string), num(m, 1)), 4],
  [MONTH_DAY, (m) => iso(num(m, 3), monthOf(m[1] as string), num(m, 2)), 4],
  [MONTH_YEAR, (m) => iso(num(m, 2), monthOf(m[1] as string)), 3],
  [NUMERIC, (m) => numericDate(num(m, 1), num(m, 2), num(m, 3)), 4],
  [
    HAN,
    (m) =>
      iso(
        hanNumber(m[1] as string, true),
        hanNumber(m[2] as string),
        m[3] === undefined ? undefined : hanNumber(m[3]),
      ),
    4,
  ],
];

/** The date a whole line states, `null` for a date whose day and month cannot be told apart. */
function wholeDate(line: string): { date: string | undefined | null; more: boolean } | undefined {
  for (const [shape, read, number] of SHAPES) {
    const m = shape.exec(line);
    if (m) return { date: read(m), more: m[number] !== undefined };
  }
  return undefined;
}

/** Parts of a masthead line: `Oregon Secretary of State | Report 2022-17 | June 2022`. */
const PARTS = /\s+[|｜•·]\s+/u;

/**
 * Reads a line as a date line: a date alone (with a label, a weekday, a time or a release number),
 * or a short line of parts separated by `|` one of which is a date.
 * @param line the line, trimmed
 * @returns undefined when the line is not a date line; a date line of unclear order (`05/06/2012`)
 *   has no `date`
 */
export function readDateLine(line: string): DateLine | undefined {
  const text = line.trim();
  if (text === "" || [...text].length > 80) return undefined;
  const whole = wholeDate(text);
  if (whole) return whole.date === undefined ? undefined : { ...dated(whole.date), more: whole.more };
  const parts = text.split(PARTS);
  if (parts.length < 2 || parts.length > 5 || parts.some((p) => /[.。;；!?！？]$/u.test(p))) return undefined;
  for (const part of parts) {
    const found = wholeDate(part);
    if (found?.date) return { date: found.date, more: true };
  }
  return undefined;
}

const dated = (date: string | null) => (date === null ? {} : { date });
