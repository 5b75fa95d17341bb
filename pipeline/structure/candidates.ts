/**
 * Point candidates of a section and the order that covers its argument: every enumerated item
 * (一是/二是, 首先/其次/最后, 第一/第二, (一)/(二), 1./2., First/Second) is a candidate of its own and
 * comes first, in order; then the section's other sentences by maximal marginal relevance (TextRank
 * centrality against similarity to what is already chosen), so distinct sub-topics are covered before
 * a second point on one.
 * @module
 */
import { splitQuote, stripLead } from "./compress.js";
import type { Lang } from "./cues.js";
import { textRank } from "./points.js";
import { splitSentences, words } from "./sentences.js";

/** A candidate point: a sentence (or an enumerated item) of a section. */
export interface Candidate {
  /** The sentence as written, without its closing punctuation. */
  text: string;
  /** 0-based paragraph over the article. */
  paragraph: number;
  /** Reading order within the section. */
  order: number;
  /** Relevance in [0, 1]. */
  score: number;
  /** Position in the section's enumeration, or null for a detail sentence. */
  item: number | null;
  /** Character bigrams (Chinese) or content words (English), for similarity. */
  grams: Set<string>;
}

const CN_NUM = "一二三四五六七八九十";
const cn = (s: string) =>
  s.length === 1 ? CN_NUM.indexOf(s) + 1 : s.startsWith("十") ? 10 + CN_NUM.indexOf(s[1] ?? "") + 1 : 0;
const SEQUENCE: Record<string, number> = { 首先: 1, 其次: 2, 再次: 3, 然后: 3, 最后: 99 };
const EN_SEQUENCE: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  finally: 99,
  lastly: 99,
};

/** An enumeration marker at the start of a sentence: its family, ordinal and length. */
export function itemMarker(
  sentence: string,
  lang: Lang,
): { family: string; n: number; length: number } | null {
  if (lang === "en") {
    const m = /^(first|second|third|fourth|fifth|sixth|finally|lastly)(?:ly)?,\s*/i.exec(sentence);
    if (m) return { family: "en", n: EN_SEQUENCE[(m[1] as string).toLowerCase()] ?? 0, length: m[0].length };
    const d = /^\(?(\d{1,2})[).]\s+/.exec(sentence);
    return d ? { family: "digit", n: Number(d[1]), length: d[0].length } : null;
  }
  const rules: [RegExp, string, (m: RegExpExecArray) => number][] = [
    [/^([一二三四五六七八九十]{1,2})是[，,：:]?/u, "shi", (m) => cn(m[1] as string)],
    [/^(首先|其次|再次|然后|最后)[，,：:]/u, "seq", (m) => SEQUENCE[m[1] as string] ?? 0],
    [/^第([一二三四五六七八九十]{1,2})[，,、：:是]/u, "di", (m) => cn(m[1] as string)],
    [/^[(（]([一二三四五六七八九十]{1,2})[)）]\s*/u, "paren", (m) => cn(m[1] as string)],
    [/^([一二三四五六七八九十]{1,2})、/u, "dun", (m) => cn(m[1] as string)],
    [/^[(（]?(\d{1,2})[)）.、．]\s*/u, "digit", (m) => Number(m[1])],
  ];
  for (const [re, family, n] of rules) {
    const m = re.exec(sentence);
    if (m) return { family, n: n(m), length: m[0].length };
  }
  return null;
}

/** Marks the sentences that form enumerations: runs of one family, from item 1, ordinals rising. */
function markItems(sentences: { text: string }[], lang: Lang): (number | null)[] {
  const marks = sentences.map((s) => itemMarker(s.text, lang));
  const items: (number | null)[] = sentences.map(() => null);
  let count = 0;
  for (let i = 0; i < marks.length; i++) {
    const start = marks[i];
    if (start?.n !== 1 || items[i] !== null) continue;
    const run = [i];
    let last = 1;
    for (let j = i + 1; j < marks.length; j++) {
      const m = marks[j];
      if (m?.family === start.family && m.n > last) {
        run.push(j);
        last = m.n;
      } else if (m?.family === start.family) break;
    }
    if (run.length < 2) continue;
    for (const j of run) items[j] = count++;
  }
  return items;
}

/** Character bigrams of a Chinese text (punctuation left out) or content words of an English one. */
export function grams(text: string, lang: Lang): Set<string> {
  if (lang === "en") return new Set(words(text, "en"));
  const chars = [...text.replace(/[^\p{L}\p{N}]/gu, "")];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/** Dice similarity of two gram sets, in [0, 1]. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}

/** Sentences that announce rather than say (其现实意义体现在三个方面。), ask, or are too short. */
const ANNOUNCE_ZH =
  /[两二三四五六七八九十几多]+(?:个|大|项|重|点|条|种)?(?:方面|层面|维度|挑战|问题|特点|任务|举措|原则|路径|途径|原因)|如下|以下/u;
const ANNOUNCE_EN =
  /\b(?:the following|several (?:ways|reasons|challenges)|(?:two|three|four|five) (?:ways|reasons|challenges|areas|steps))\b/i;
const PRONOUN =
  /^(?:它|它们|这|这些|那|该|其|此|They|It|This|These|Those|That)(?![\p{Script=Han}]{0,1}[年月日])/u;

/** A line for the press or the reader to act on, not a statement: a contact, a phone number. */
const CONTACT =
  /联系电话|咨询电话|电话[:：]|\b(?:please contact|for (?:more|further) information|media (?:contact|enquiries|inquiries))\b|(?<![\d.,])0\d{1,3}[\s-]\d{3,4}[\s-]?\d{4}(?![\d.,])/iu;
/** A note, not a sentence: a bracketed aside alone (`(pg. 6)`), a footnote's citation (`8 United States Postal Service, Delivering for America.`). */
const NOTE_LINE = /^[(（][^()（）]*[)）][.。]?$|^\d{1,3}\s+[A-Z][^.!?]*,\s[A-Z][^.!?]*\.?$/u;

function relevanceFactor(sentence: string, lang: Lang, lead: number): number {
  const text = stripLead(sentence, lang);
  if (CONTACT.test(text) || NOTE_LINE.test(text)) return 0;
  const size = lang === "en" ? text.split(/\s+/).length : [...text].length;
  let f = lead === 2 ? 1.3 : lead === 1 ? 1.15 : 1;
  if ((lang === "en" ? ANNOUNCE_EN : ANNOUNCE_ZH).test(text))
    f *= size < (lang === "en" ? 25 : 40) ? 0.3 : 0.5;
  if (/[：:]$/u.test(text)) f *= 0.3;
  if (/[？?]$/u.test(text)) f *= 0.3;
  if (size < (lang === "en" ? 6 : 12)) f *= 0.5;
  if (PRONOUN.test(text)) f *= 0.8;
  // Long sentences gather overlap by length alone; a point says one thing.
  const long = lang === "en" ? 45 : 90;
  if (size > long) f *= Math.sqrt(long / size);
  return f;
}

/**
 * Joins a short sentence to the next when that one opens with a pronoun standing for it (“链联通”应运而生。
 * 它强调… → one point), so no point starts by pointing at a sentence the reader has not seen.
 */
function joinPronouns(sentences: readonly string[], lang: Lang): string[] {
  const out: string[] = [];
  for (const s of sentences) {
    const prev = out[out.length - 1];
    const short = prev !== undefined && [...stripLead(prev, lang)].length <= (lang === "en" ? 60 : 24);
    if (short && PRONOUN.test(s) && !itemMarker(s, lang)) {
      out[out.length - 1] =
        lang === "en"
          ? `${prev.replace(/[.;]$/, ";")} ${s.replace(/^(?:It|This|These|Those|That|They)\b/u, (w) => w.toLowerCase())}`
          : `${prev.replace(/[。；]$/u, "，")}${s}`;
    } else out.push(s);
  }
  return out;
}

/**
 * The candidate points of a section: its sentences (a quotation with its attribution gives the quoted
 * statement and the rest separately), enumerated items marked and stripped of their markers.
 * @param paragraphs the section's paragraphs
 * @param first index of the section's first paragraph over the article
 * @param lang the language
 * @param topic the gram set of the article's title (sentences on it rank higher)
 */
export function sectionCandidates(
  paragraphs: readonly string[],
  first: number,
  lang: Lang,
  topic: Set<string> = new Set(),
): Candidate[] {
  const sentences = paragraphs.flatMap((p, i) =>
    joinPronouns(
      splitSentences(p, lang).flatMap((s) =>
        splitQuote(s.text, lang).flatMap((part) =>
          part === s.text ? [part] : splitSentences(part, lang).map((x) => x.text),
        ),
      ),
      lang,
    ).map((text, k) => ({ text, paragraph: first + i, lead: i === 0 && k === 0 ? 2 : k === 0 ? 1 : 0 })),
  );
  const items = markItems(sentences, lang);
  const rank = textRank(sentences.map((s) => new Set(words(s.text, lang))));
  const top = Math.max(...rank, 1e-9);
  const candidates = sentences.map((s, order) => {
    const item = items[order] ?? null;
    const marker = item === null ? null : itemMarker(s.text, lang);
    const text = (marker ? s.text.slice(marker.length) : s.text)
      .trim()
      // A list item's joining word (`…available; and`) goes with its semicolon.
      .replace(lang === "en" ? /[;,]\s*(?:and|or)\.?$|[;]$/u : /[。；;]$/u, "");
    const g = grams(text, lang);
    // Sentences on the article's topic (the words of its title) carry its argument.
    let onTopic = 0;
    for (const t of topic) if (g.has(t)) onTopic++;
    const topical = 1 + (0.6 * onTopic) / Math.max(1, topic.size);
    const factor = relevanceFactor(s.text, lang, s.lead);
    const score = ((rank[order] as number) / top) * factor * topical;
    return { text, paragraph: s.paragraph, order, score, item, grams: g, keep: factor > 0 };
  });
  // A contact line or a note is never a point.
  return candidates.filter((c) => c.keep).map(({ keep: _, ...c }) => c);
}

/** Details ordered by marginal relevance; the others follow by relevance alone. */
const MMR_LIMIT = 80;

/**
 * Orders candidates to cover the section's argument: enumerated items first, in order; then by
 * maximal marginal relevance — relevance against the highest similarity to anything already chosen or
 * given (a sentence of the same paragraph counts as similar), so a second point on one sub-topic comes
 * after the other sub-topics.
 * @param candidates the section's candidates
 * @param given texts already on the brief (the bottom line), as gram sets
 * @param lambda weight of relevance against redundancy (default 0.7)
 */
export function coverOrder(
  candidates: readonly Candidate[],
  given: readonly Set<string>[] = [],
  lambda = 0.7,
) {
  const chosen = candidates.filter((c) => c.item !== null).sort((a, b) => (a.item ?? 0) - (b.item ?? 0));
  // Marginal relevance is quadratic: past the best MMR_LIMIT details, the rest follow by relevance.
  const details = candidates
    .filter((c) => c.item === null)
    .sort((a, b) => b.score - a.score || a.order - b.order);
  const rest = details.slice(0, MMR_LIMIT);
  const tail = details.slice(MMR_LIMIT);
  const against = (c: Candidate, s: Candidate) =>
    similarity(c.grams, s.grams) + (s.paragraph === c.paragraph ? 0.3 : 0);
  // Each remaining candidate's highest similarity so far, updated as candidates are chosen.
  const red = rest.map((c) => {
    let r = 0;
    for (const g of given) r = Math.max(r, similarity(c.grams, g));
    for (const s of chosen) r = Math.max(r, against(c, s));
    return r;
  });
  while (rest.length > 0) {
    let best = 0;
    let value = Number.NEGATIVE_INFINITY;
    rest.forEach((c, i) => {
      const v = lambda * c.score - (1 - lambda) * (red[i] as number);
      if (v > value + 1e-9) {
        value = v;
        best = i;
      }
    });
    const pick = rest.splice(best, 1)[0] as Candidate;
    red.splice(best, 1);
    rest.forEach((c, i) => {
      red[i] = Math.max(red[i] as number, against(c, pick));
    });
    chosen.push(pick);
  }
  return [...chosen, ...tail];
}
