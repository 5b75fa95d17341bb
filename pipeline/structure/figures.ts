/**
 * Key figures: amounts, percentages, counts and dates as written (`1.32万亿元`, `9.3%`, `8个东盟国家`,
 * `2025年8月`), each with its sentence and paragraph, ranked so the most informative come first.
 * @module
 */
import type { KeyFigure } from "./model.js";
import { splitSentences } from "./sentences.js";

const NUM = String.raw`\d+(?:[.,]\d+)*`;
// Simplified and traditional forms (萬, 億, 個…); a space may stand between a number and its unit.
const MAGNITUDE = "(?:万亿|萬億|千亿|千億|百亿|百億|十亿|十億|亿|億|千万|千萬|百万|百萬|十万|十萬|万|萬|千)";
const CURRENCY =
  "(?:元人民币|元人民幣|美元|欧元|歐元|日元|英镑|英鎊|港元|港幣|新臺幣|新台幣|元|人民币|人民幣)";
const UNIT =
  "(?:吨|噸|千瓦时|千瓦時|千瓦|兆瓦|吉瓦|平方公里|平方米|公里|千米|千克|公斤|克|米|升|公顷|公頃|亩|畝|人次|户|戶|辆|輛|件|台|臺|架|艘|TEU|标箱|亿人|億人)";
const MEASURE = "(?:个|個|家|项|項|所|座|名|位|批|条|條|种|種|款|类|類|处|處|部|场|場|国|國)";

interface Pattern {
  re: RegExp;
  kind: "percent" | "amount" | "count" | "date";
  weight: number;
}

const ZH_PATTERNS: Pattern[] = [
  { re: new RegExp(`${NUM}(?:\\.\\d+)?\\s?(?:%|％|个百分点|個百分點)`, "gu"), kind: "percent", weight: 3 },
  { re: new RegExp(`${NUM}\\s?${MAGNITUDE}?${CURRENCY}`, "gu"), kind: "amount", weight: 3.5 },
  {
    re: new RegExp(`${NUM}\\s?${MAGNITUDE}(?:${UNIT}|${MEASURE}(?![\\p{Script=Han}]))?`, "gu"),
    kind: "amount",
    weight: 3,
  },
  { re: new RegExp(`${NUM}\\s?${UNIT}`, "gu"), kind: "amount", weight: 2.5 },
  { re: new RegExp(`${NUM}\\s?[多余餘]?${MEASURE}[\\p{Script=Han}]{1,6}`, "gu"), kind: "count", weight: 2 },
  {
    re: /\d{4}年(?:上半年|下半年|前三季度|一季度|第[一二三四]季度|\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日/gu,
    kind: "date",
    weight: 1,
  },
];
const EN_PATTERNS: Pattern[] = [
  { re: /\d+(?:\.\d+)?\s?(?:%|percent|per cent|percentage points?)/gi, kind: "percent", weight: 3 },
  {
    re: /(?:US)?[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:trillion|billion|million|bn|m|k))?/gi,
    kind: "amount",
    weight: 3.5,
  },
  {
    re: /\d[\d,]*(?:\.\d+)?\s(?:trillion|billion|million)(?:\s(?:dollars|euros|yuan|people|tonnes|tons|barrels|households))?/gi,
    kind: "amount",
    weight: 3,
  },
  {
    re: /\b\d[\d,]*(?:\.\d+)?\s?(?:megawatts|gigawatts|kilowatts|MW|GW|kWh|TWh|tonnes|tons|barrels|kilometres|kilometers|km|hectares|acres)\b/g,
    kind: "amount",
    weight: 2.5,
  },
  {
    re: /\b\d[\d,]*\s(?:countries|companies|firms|projects|cities|provinces|members|states|jobs|people|agreements)\b/gi,
    kind: "count",
    weight: 2,
  },
  {
    re: /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s\d{4}\b|\b(?:19|20)\d{2}\b/g,
    kind: "date",
    weight: 1,
  },
];

/** Words after a count that end its noun: verbs and function words. */
const COUNT_STOP =
  /(?:签署|已|将|在|的|和|与|及|等|参与|加入|开展|实现|达到|完成|共|均|都|是|有|对|向|于|中|上|为|联合|印发|发布|出台|参加|出席|召开|举办|推出|获得|成为|入选|通过)/u;
const COUNT_BODY = new RegExp(`^(\\d+(?:[.,]\\d+)*\\s?[多余餘]?)(${MEASURE})(.*)$`, "u");

function trimCount(value: string): string {
  const m = COUNT_BODY.exec(value);
  if (!m) return value;
  const rest = m[3] as string;
  const stop = rest.search(COUNT_STOP);
  const noun = (stop === -1 ? rest : rest.slice(0, stop)).slice(0, 4);
  return `${m[1]}${m[2]}${noun}`;
}

/** Removes spans that should not give figures: document titles in 《》 and (2021—2025)-style ranges. */
function mask(text: string): string {
  return text.replace(/《[^》]*》/gu, (m) => " ".repeat(m.length));
}

/**
 * Finds the key figures of an article.
 * @param paragraphs all body paragraphs in reading order
 * @param lang the article's language
 * @returns figures, most informative first; each value appears once (its first occurrence)
 */
export function findFigures(paragraphs: readonly string[], lang: "zh" | "en"): KeyFigure[] {
  const found: KeyFigure[] = [];
  const seen = new Set<string>();
  paragraphs.forEach((paragraph, index) => {
    for (const sentence of splitSentences(paragraph, lang)) {
      const masked = mask(sentence.text);
      const taken: [number, number][] = [];
      for (const pattern of lang === "en" ? EN_PATTERNS : ZH_PATTERNS) {
        pattern.re.lastIndex = 0;
        for (const m of masked.matchAll(pattern.re)) {
          const start = m.index ?? 0;
          let value = m[0].trim();
          if (pattern.kind === "count" && lang === "zh") value = trimCount(value);
          const end = start + value.length;
          if (taken.some(([s, e]) => start < e && end > s)) continue;
          if (pattern.kind === "count" && [...value].length < 3) continue;
          taken.push([start, end]);
          if (seen.has(value)) continue;
          seen.add(value);
          let score = pattern.weight;
          if (
            /增长|下降|提高|达到|约达|超过|突破|规模|占比|同比|累计|increase|grew|rose|fell|reached/iu.test(
              sentence.text,
            )
          )
            score += 0.5;
          if (/\./.test(value)) score += 0.3;
          found.push({
            value,
            kind: pattern.kind,
            sentence: sentence.text,
            paragraph: index,
            score: Math.round(score * 10) / 10,
          });
        }
      }
    }
  });
  return found.sort((a, b) => b.score - a.score || a.paragraph - b.paragraph);
}
