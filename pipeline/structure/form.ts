/**
 * Features of a text's form rather than its topic, which every publisher shares: the mood of its
 * sentences (deontic — 应当, 要, 需, should, must; future — 将, will; perfective — 了, 已, has been,
 * -ed), statistics, questions, contrast, reported speech, first person, and its shape (length, a
 * line that is not a sentence, names and titles). Each is a token starting with `#` (never a
 * character n-gram) that the classifier learns like any other feature, so the weight of "a sentence
 * that says what should be done" comes from the labelled articles, not from a hand-set number.
 * @module
 */
import type { Lang } from "./cues.js";

/** A marker family: its name and how to find it, per language. */
interface Marker {
  name: string;
  zh: RegExp;
  en: RegExp;
}

// Words the markers match are grammatical, not topical: they say how a sentence speaks.
const MARKERS: readonly Marker[] = [
  {
    name: "deontic",
    zh: /应当|应该|必须|务必|亟需|亟须|需要|(?<![不未])(?:应|须|需)(?![用对运急求])|(?<![重主需只想必纪摘不])要(?![求素点是闻害])/u,
    en: /\b(?:should|must|ought|needs? to|recommends?|recommended|urges?|calls? for|requires?)\b/iu,
  },
  {
    name: "future",
    zh: /将(?![军领士])|未来|下一步|今后|明年|力争|到20\d\d年/u,
    en: /\b(?:will|plans? to|going forward|next year|in the future|would)\b/iu,
  },
  {
    name: "done",
    zh: /了|已经|已(?![知往])|先后|累计|截至|截止|曾经|过去/u,
    en: /\b(?:has|have|had) (?:\w+ )?(?:been|\w+ed)\b|\b(?:was|were)\b|\b\w{3,}ed\b/iu,
  },
  {
    name: "statistic",
    zh: /\d(?:[.,]\d+)?(?:%|％|万|亿|元|倍|个百分点|吨|户|人次)|同比|环比/u,
    en: /\d(?:[.,]\d+)?\s?(?:%|percent|million|billion|trillion)|\$\d/iu,
  },
  { name: "question", zh: /[？?]/u, en: /\?/u },
  {
    name: "contrast",
    zh: /但是|然而|不过|(?<![不])但(?![凡])|却/u,
    en: /\b(?:but|however|although|yet|despite)\b/iu,
  },
  {
    name: "reported",
    zh: /表示|指出|认为|介绍|说[，：:“]/u,
    en: /\b(?:said|says|according to|noted|stated)\b/iu,
  },
  { name: "we", zh: /我们|咱们/u, en: /\b(?:we|our|us)\b/iu },
  { name: "negation", zh: /没有|不足|不够|缺乏|未能|难以/u, en: /\b(?:not|no|never|lack|lacks|without)\b/iu },
];

/** A marker in any sentence gives `#name`; in more than half of them, also `#name:most`. */
const SENTENCE_END = /[.。!?！？;；]["”’')）]*$/u;

function sentencesOf(text: string): string[] {
  return text.split(/(?<=[。！？!?；;])|(?<=\.)\s+(?=[A-Z])/u).filter((s) => s.trim() !== "");
}

function lengthOf(text: string, lang: Lang): number {
  return lang === "en" ? text.split(/\s+/u).filter((w) => w !== "").length * 2 : [...text].length;
}

function shapeFeatures(text: string, lang: Lang, out: string[]): void {
  const n = lengthOf(text, lang);
  out.push(n < 30 ? "#len:short" : n < 120 ? "#len:mid" : n < 300 ? "#len:long" : "#len:verylong");
  if (!SENTENCE_END.test(text.trim())) out.push("#not-a-sentence");
  const words = text.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  if (lang === "en" && words.length > 0) {
    const capitals = words.filter((w) => /^\p{Lu}/u.test(w)).length;
    if (capitals * 2 > words.length) out.push("#capitalised");
  }
  if (/^[(（]?(?:作者|author|by\b)/iu.test(text.trim())) out.push("#byline");
}

/**
 * The form features of a text.
 * @param text a paragraph or heading
 * @param lang the article's language
 */
export function formFeatures(text: string, lang: Lang): string[] {
  const out: string[] = [];
  const sentences = sentencesOf(text);
  const count = Math.max(1, sentences.length);
  for (const m of MARKERS) {
    const re = m[lang];
    const hits = sentences.filter((s) => re.test(s)).length;
    if (hits === 0) continue;
    out.push(`#${m.name}`);
    if (hits * 2 > count) out.push(`#${m.name}:most`);
  }
  shapeFeatures(text, lang, out);
  return out;
}
