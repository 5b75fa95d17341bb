/**
 * How key figures are written: numbers with their magnitudes, currencies, units and measure words, in
 * Chinese (1.32万亿元, 21.5亿立方米, 452万人, 10万套, 8个东盟国家) and English ($4.5 billion, £36mn, 3¾ per cent,
 * 15,627 students). Each pattern says what kind of figure it finds; a refinement decides where the
 * figure ends (a unit only where its word ends, a counted noun up to its last word).
 * @module
 */
import type { KeyFigure } from "./model.js";
import { countedNoun, endsWord, measureWord } from "./zh-words.js";

/** A number as Chinese text writes it (2,100, 1.32, ５６), or a range of two (6-8, 6到8). */
const ZH_NUM_ONE = "(?:[0-9]{1,3}(?: [0-9]{3})+(?![0-9])(?:[.．][0-9]+)?|[0-9０-９]+(?:[.,．][0-9０-９]+)*)";
const ZH_NUM = `${ZH_NUM_ONE}(?:\\s?[-–—~～至到]\\s?${ZH_NUM_ONE})?`;
/** Simplified and traditional forms (萬, 億…); 多/余 may stand before or after the magnitude (100多万, 1万多). */
const MAGNITUDE =
  "(?:万亿|萬億|千亿|千億|百亿|百億|十亿|十億|亿|億|千万|千萬|百万|百萬|十万|十萬|万|萬|千|百)";
const ABOUT = "[多余餘]?";
const CURRENCY =
  "(?:元人民币|元人民幣|人民币|人民幣|美元|欧元|歐元|日元|英镑|英鎊|港元|港币|港幣|澳元|加元|新加坡元|新台币|新台幣|新臺幣|韩元|韓元|卢布|盧布|卢比|瑞士法郎|法郎|泰铢|林吉特|比索|美金|元)";
/** Units of measurement and nouns counted by themselves (人, 户): a longer unit before its prefix. */
const UNIT = [
  "平方公里|平方千米|平方米|平米|立方米|公顷|公頃|亩|畝|千米|公里|厘米|毫米|米|千克|公斤|吨标准煤|吨|噸|克|斤|毫升|升",
  "千瓦时|千瓦時|兆瓦时|兆瓦時|千瓦|兆瓦|吉瓦|瓦|度电|TEU|标准箱|标箱|公吨|公噸|桶|倍|小时|小時|分钟|分鐘|人次|人|户|戶",
].join("|");
/** Measure words: a noun may follow and belongs to the figure (8个东盟国家, 10万套住房). */
const MEASURE = [
  "个|個|家|项|項|所|座|名|位|批|条|條|种|種|款|类|類|处|處|部|场|場|国|國|套|张|張|本|份|只|隻|头|頭|支|篇|册|冊",
  "棵|株|间|間|栋|棟|幢|层|層|片|块|塊|根|口|门|門|届|屆|轮|輪|组|組|队|隊|团|團|节|節|例|起|宗|笔|筆|辆|輛|件|台|臺|架|艘|次",
].join("|");

/** A way figures are written, with what it finds. */
export interface Pattern {
  re: RegExp;
  kind: KeyFigure["kind"];
  weight: number;
  /**
   * Where the figure found at a match really ends: its value, which starts where the match does, or
   * null when the match is no figure.
   */
  refine?: (m: RegExpMatchArray, text: string) => string | null;
}

/** A count ends after its measure word or at the end of the noun it counts. */
function zhCount(m: RegExpMatchArray, text: string): string | null {
  const rest = text.slice((m.index ?? 0) + m[0].length);
  // The measure word's character may make a word with what follows: 民政部等11部门 counts 部门.
  const joined = measureWord(m[1] as string, rest);
  if (joined === null) return null;
  return m[0] + joined + countedNoun(rest.slice(joined.length), joined === "" ? (m[1] as string) : "");
}

/** A unit counts only where its word ends (6.6亿人口 is 6.6亿, not 6.6亿人). */
function zhUnit(m: RegExpMatchArray, text: string): string | null {
  const start = m.index ?? 0;
  if (endsWord(text, start + m[0].length)) return m[0];
  const base = m[0].slice(0, m[0].length - (m[1] as string).length).trimEnd();
  return new RegExp(`${MAGNITUDE}${ABOUT}$`, "u").test(base) && endsWord(text, start + base.length)
    ? base
    : null;
}

const zhNumber = `${ZH_NUM}\\s?${ABOUT}${MAGNITUDE}?${ABOUT}${MAGNITUDE}?`;

/** A Chinese number with all that is written with it (3.68万亿元, 0.94万家, 28.1%, 440 万 t): labels read figures off it. */
export const ZH_QUANTITY = `${zhNumber}\\s?(?:%|％|个百分点|個百分點|${CURRENCY}|${UNIT}|${MEASURE}|[A-Za-z/]+(?![A-Za-z]))?`;

/** The Chinese patterns, most specific first (a match overlapping an earlier one is dropped). */
export const ZH_PATTERNS: Pattern[] = [
  {
    re: new RegExp(
      `(?:${ZH_NUM_ONE}[%％]?\\s?[-–—~～至到]\\s?)?${ZH_NUM}\\s?(?:%|％|个百分点|個百分點)`,
      "gu",
    ),
    kind: "percent",
    weight: 3,
  },
  { re: new RegExp(`${zhNumber}\\s?${CURRENCY}`, "gu"), kind: "amount", weight: 3.5 },
  // A count in ten-thousands or more weighs like an amount (128.4万辆, 10万套).
  {
    re: new RegExp(`${ZH_NUM}\\s?${ABOUT}${MAGNITUDE}${ABOUT}\\s?(${MEASURE})`, "gu"),
    kind: "count",
    weight: 3,
    refine: zhCount,
  },
  { re: new RegExp(`${ZH_NUM}\\s?${ABOUT}(${MEASURE})`, "gu"), kind: "count", weight: 2, refine: zhCount },
  {
    re: new RegExp(`${ZH_NUM}\\s?${ABOUT}${MAGNITUDE}${ABOUT}(${UNIT})`, "gu"),
    kind: "amount",
    weight: 3,
    refine: zhUnit,
  },
  { re: new RegExp(`${ZH_NUM}\\s?${ABOUT}${MAGNITUDE}${ABOUT}`, "gu"), kind: "amount", weight: 3 },
  { re: new RegExp(`${ZH_NUM}\\s?${ABOUT}(${UNIT})`, "gu"), kind: "amount", weight: 2.5, refine: zhUnit },
  {
    re: /\d{4}\s?年(?:上半年|下半年|前三季度|一季度|第[一二三四]季度|\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日/gu,
    kind: "date",
    weight: 1,
  },
];

/** An English number: 15,627, 3.5, 3¾, ¾ (never the end of a word or of another number). */
const FRACTION = "[¼½¾⅓⅔⅛⅜⅝⅞]";
const EN_NUM = `(?<![\\w.,/-])(?!0\\d)(?:(?:\\d{1,3}(?:,\\d{3})+|\\d{1,3}(?:[ \\u00a0]\\d{3})+(?!\\d)|\\d+)(?:\\.\\d+)?${FRACTION}?|${FRACTION})`;
const EN_MAGNITUDE = "(?:trillion|billion|million|thousand)";
const MONTH = "January|February|March|April|May|June|July|August|September|October|November|December";

/** Words after a number that are no plural noun though they end in -s. */
const NOT_PLURAL =
  /^(?:is|was|has|does|its|his|hers|this|thus|us|as|yes|plus|minus|less|unless|across|always|perhaps|besides|whereas|sometimes|towards|afterwards|nevertheless|regardless|includes|shows|means|remains|represents|seems|requires|provides|says|gets|makes|takes|goes|comes|becomes|continues|accounts|involves|contains|reflects|indicates|suggests|applies|equals|reaches|exceeds|falls|rises|grows|increases|decreases|declines|specifies|needs|uses|helps|allows|percent)$/i;
/** Plural nouns not ending in -s. */
const IRREGULAR =
  /^(?:people|children|men|women|staff|personnel|police|cattle|sheep|fish|livestock|poultry)$/i;
/** Words that never modify a counted noun. */
const NOT_MODIFIER =
  /^(?:the|a|an|of|to|in|on|at|by|for|and|or|but|with|from|per|than|as|that|which|who|whom|whose|is|are|was|were|be|been|being|has|have|had|will|would|may|might|can|could|should|must|do|did|does|not|no|it|its|their|his|her|this|these|those|more|less|about|over|under|up|down|out|into|percent|cent|per|years?|months?|weeks?|days?|times?|when|where|while|if|so|then|there|here|also|only|just|each|every|all|some|any|other|such|both|either|neither)$/i;

function isPlural(word: string): boolean {
  if (IRREGULAR.test(word)) return true;
  if (NOT_PLURAL.test(word) || word.length < 3) return false;
  // Lower-case -s after a letter (NGOs, students; never USPS), not -ss, -us, -is or a possessive.
  if (!/[A-Za-z]s$/u.test(word) || /^[A-Z]+s?$/u.test(word) || /[’']/u.test(word)) return false;
  return !/(?:ss|us|is)$/i.test(word) && !(/as$/i.test(word) && word.length < 5);
}

/**
 * How many of the words after a number make the plural noun it counts, with up to two words before it
 * (15,627 students, 4,000 healthcare workers, 17 National Laboratories); 0 when there is none.
 * @param words the words right after the number
 */
function pluralNoun(words: readonly string[]): number {
  for (let i = 0; i < Math.min(words.length, 3); i++) {
    const word = words[i] as string;
    if (isPlural(word)) return i + 1;
    if (NOT_MODIFIER.test(word) || NOT_PLURAL.test(word) || /[’']/u.test(word)) return 0;
  }
  return 0;
}

const WORD_AFTER = /^[ \u00a0][A-Za-z][A-Za-z’'-]*/u;
/** A month (June 30 states) or a word naming a kind by number (type 2 diabetes, Class 1 NICs) before a number. */
const NAMES_BEFORE = new RegExp(
  `(?:${MONTH}|\\b(?:[Tt]ype|[Cc]lass|[Gg]rade|[Cc]ategory|[Ss]ize|[Zz]one|[Bb]and|[Mm]odel|[Gg]eneration|[Ll]evel|[Tt]ier))\\s$`,
  "u",
);

/** The number found at a match with the plural noun it counts after it, or null when none follows. */
function withNoun(m: RegExpMatchArray, text: string): string | null {
  let end = (m.index ?? 0) + m[0].length;
  const words: string[] = [];
  const ends: number[] = [];
  for (let i = 0; i < 3; i++) {
    const word = WORD_AFTER.exec(text.slice(end))?.[0];
    if (!word) break;
    end += word.length;
    words.push(word.slice(1));
    ends.push(end);
  }
  const n = pluralNoun(words);
  return n === 0 ? null : text.slice(m.index ?? 0, ends[n - 1]);
}

/**
 * An English count: a number and the plural noun it counts; never a year (2012 levels), a day (June
 * 30 states), a kind (type 2 diabetes), nor a note or item number opening a sentence (29 USPS has…).
 */
function enCount(m: RegExpMatchArray, text: string): string | null {
  if (/^(?:1[89]|20)\d{2}$/.test(m[0])) return null;
  const before = text.slice(0, m.index ?? 0);
  if (NAMES_BEFORE.test(before)) return null;
  const value = withNoun(m, text);
  if (value === null) return null;
  const capitalised = /^\S+\s[A-Z]/u.test(value);
  return capitalised && (before.trim() === "" || /United States|Nations|Kingdom/u.test(value)) ? null : value;
}

/** An amount in millions or billions, with the plural noun it counts when one follows (27.6 million people). */
function enMagnitude(m: RegExpMatchArray, text: string): string {
  return withNoun(m, text) ?? m[0];
}

const EN_UNIT = [
  "megawatts?|gigawatts?|kilowatts?|MW|GW|kW|kWh|MWh|GWh|TWh|tonnes|tons|barrels|kilometres|kilometers|km|miles",
  "hectares|acres|square (?:kilometres|kilometers|miles|metres|meters|feet)|cubic metres|litres|liters|gallons|kg",
].join("|");

/** The English patterns, most specific first. */
export const EN_PATTERNS: Pattern[] = [
  {
    re: new RegExp(
      `${EN_NUM}(?:\\s?[-–]\\s?${EN_NUM})?\\s?(?:%|percent\\b|per\\s?cent\\b|percentage\\s?points?\\b)`,
      "giu",
    ),
    kind: "percent",
    weight: 3,
  },
  {
    re: new RegExp(
      `(?:\\b(?:US|A|AU|NZ|C|CA|HK|S))?[$€£¥₹]\\s?${EN_NUM.replace("(?<![\\w.,/-])", "")}(?:\\s?(?:trillion|billion|million|thousand|bn|mn|tn|m|b|k)\\b)?|\\b(?:USD|EUR|GBP|AUD|CAD|CNY|RMB|JPY|INR|NZD|SGD|HKD|CHF)\\s?${EN_NUM}(?:\\s${EN_MAGNITUDE}\\b)?`,
      "gu",
    ),
    kind: "amount",
    weight: 3.5,
  },
  {
    re: new RegExp(`${EN_NUM}\\s${EN_MAGNITUDE}\\b`, "gu"),
    kind: "amount",
    weight: 3,
    refine: enMagnitude,
  },
  { re: new RegExp(`${EN_NUM}\\s?(?:${EN_UNIT})\\b`, "gu"), kind: "amount", weight: 2.5 },
  { re: new RegExp(EN_NUM, "gu"), kind: "count", weight: 2, refine: enCount },
  {
    re: new RegExp(`\\b(?:${MONTH})\\s\\d{4}\\b|\\b(?:19|20)\\d{2}\\b`, "g"),
    kind: "date",
    weight: 1,
  },
];
