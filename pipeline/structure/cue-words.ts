/**
 * Cue words in a text: every word of some cue lists matched in one pass (indexed by first character),
 * one-character Chinese cues only where the word segmenter reads them as words, enumeration words only
 * where they lead a clause, and no word just after a negation. Gives scores per kind and the cues
 * that made them.
 * @module
 */
import type { Cue, Cues, Lang } from "./cues.js";
import { SECTION_KINDS, type SectionKind } from "./model.js";
import { type Evidence, emptyEvidence } from "./signals.js";
import { toSimplified } from "./simplify.js";

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
const MAX_PER_CUE = 3;
/** Enumeration words count only where they lead a clause (第三，… but not 第三届). */
const ORDINAL = /^(第[一二三四五六七八九十]+|[一二三四五六七八九十]是|首先|其次|再次|最后|此外)$/u;
const NEGATION = /[不无没未非]/u;
const regexCache = new Map<string, RegExp>();

function cached(key: string, make: () => RegExp): RegExp {
  let re = regexCache.get(key);
  if (!re) {
    re = make();
    regexCache.set(key, re);
  }
  return re;
}

/**
 * Counts a one-character Chinese cue where the segmenter reads it as a word of its own (应 in 应加强,
 * not in 应用), looking only at a few characters around each occurrence.
 */
function countWordChar(text: string, char: string): number {
  let n = 0;
  let looked = 0;
  for (
    let at = text.indexOf(char);
    at !== -1 && n < MAX_PER_CUE && looked < 2 * MAX_PER_CUE;
    at = text.indexOf(char, at + 1)
  ) {
    looked++;
    if (NEGATION.test(text[at - 1] ?? "")) continue;
    const from = Math.max(0, at - 4);
    for (const s of segmenter.segment(text.slice(from, at + 5))) {
      if (s.index + from > at) break;
      if (s.index + from === at && s.segment === char && s.isWordLike) n++;
    }
  }
  return n;
}

type Mode = "plain" | "latin" | "single" | "ordinal";

/** One cue of a list, ready to match. */
interface Entry {
  kind: SectionKind;
  cue: Cue;
  mode: Mode;
}

/** The cues of some lists, indexed by their first character so that a text is read once. */
interface Matcher {
  entries: Entry[];
  byFirst: Map<number, number[]>;
  special: number[];
}

const matchers = new WeakMap<Cues, Map<string, Matcher>>();

function modeOf(word: string, lang: Lang): Mode {
  if (lang === "en" || /^[a-z]/u.test(word)) return "latin";
  if (ORDINAL.test(word)) return "ordinal";
  return [...word].length === 1 ? "single" : "plain";
}

function buildMatcher(cues: Cues, lang: Lang, lists: readonly ("heading" | "text" | "weak")[]): Matcher {
  const matcher: Matcher = { entries: [], byFirst: new Map(), special: [] };
  for (const kind of SECTION_KINDS)
    for (const list of lists)
      for (const cue of cues[kind][lang][list]) {
        const mode = modeOf(cue.word, lang);
        const i = matcher.entries.push({ kind, cue, mode }) - 1;
        if (mode === "single" || mode === "ordinal") matcher.special.push(i);
        else {
          const first = cue.word.charCodeAt(0);
          matcher.byFirst.set(first, [...(matcher.byFirst.get(first) ?? []), i]);
        }
      }
  return matcher;
}

function matcherFor(cues: Cues, lang: Lang, lists: readonly ("heading" | "text" | "weak")[]): Matcher {
  const key = `${lang}:${lists.join(",")}`;
  let byCues = matchers.get(cues);
  if (!byCues) {
    byCues = new Map();
    matchers.set(cues, byCues);
  }
  let matcher = byCues.get(key);
  if (!matcher) {
    matcher = buildMatcher(cues, lang, lists);
    byCues.set(key, matcher);
  }
  return matcher;
}

const isAsciiLetter = (c: number) => c >= 97 && c <= 122;
const NEGATIONS = new Set([..."不无没未非"].map((c) => c.charCodeAt(0)));

/** Counts the plain and Latin cues in one pass over the lower-cased text. */
function countIndexed(matcher: Matcher, lower: string, counts: Uint8Array): void {
  for (let i = 0; i < lower.length; i++) {
    const candidates = matcher.byFirst.get(lower.charCodeAt(i));
    if (!candidates) continue;
    for (const e of candidates) {
      if ((counts[e] as number) >= MAX_PER_CUE) continue;
      const { cue, mode } = matcher.entries[e] as Entry;
      if (!lower.startsWith(cue.word, i)) continue;
      const before = i > 0 ? lower.charCodeAt(i - 1) : 0;
      if (mode === "latin") {
        if (isAsciiLetter(before) || isAsciiLetter(lower.charCodeAt(i + cue.word.length))) continue;
      } else if (NEGATIONS.has(before)) continue; // 不需要, 未取得 say the opposite
      counts[e] = (counts[e] as number) + 1;
    }
  }
}

function countSpecial(entry: Entry, text: string): number {
  if (entry.mode === "single") return countWordChar(text, entry.cue.word);
  const word = entry.cue.word;
  const re = cached(
    `ordinal:${word}`,
    () => new RegExp(`(?:^|[。；：，\\s])${word}(?:[，,、：:]|(?<=是))`, "gu"),
  );
  return Math.min(MAX_PER_CUE, text.match(re)?.length ?? 0);
}

/**
 * Scores a text against the cue lists.
 * @param text a heading or paragraph
 * @param lang the article's language
 * @param cues the loaded cues
 * @param lists which lists apply: `heading` for headings, `text` and `weak` for paragraphs
 */
export function scoreText(
  text: string,
  lang: Lang,
  cues: Cues,
  lists: readonly ("heading" | "text" | "weak")[],
): Evidence {
  const evidence = emptyEvidence();
  const matcher = matcherFor(cues, lang, lists);
  const counts = new Uint8Array(matcher.entries.length);
  const simple = toSimplified(text);
  countIndexed(matcher, simple.normalize("NFKC").toLowerCase(), counts);
  for (const e of matcher.special) counts[e] = countSpecial(matcher.entries[e] as Entry, simple);
  let covered = 0;
  matcher.entries.forEach((entry, e) => {
    const n = counts[e] as number;
    if (n === 0) return;
    covered += n * entry.cue.word.length;
    evidence.scores[entry.kind] += n * entry.cue.weight;
    evidence.cues[entry.kind].push(n > 1 ? `${entry.cue.word}×${n}` : entry.cue.word);
  });
  evidence.covered = covered;
  return evidence;
}
