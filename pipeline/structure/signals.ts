/**
 * The signals one text gives about its kind: cue words (rules from the cue file), the trained
 * classifier's log-odds, and whether the text is in another language than the article's (an English
 * abstract inside a Chinese paper is front matter). Each is a score per kind.
 * @module
 */
import { type Classifier, type LinearScorer, type Prediction, predict } from "./classifier.js";
import type { Cue, Cues, Lang } from "./cues.js";
import { SECTION_KINDS, type SectionKind } from "./model.js";

/** A score per kind. */
export type KindScores = Record<SectionKind, number>;

/** Scores per kind and the cues (words, priors) that made them. */
export interface Evidence {
  scores: KindScores;
  cues: Record<SectionKind, string[]>;
}

/** A score of 0 for every kind. */
export function zeroScores(): KindScores {
  return Object.fromEntries(SECTION_KINDS.map((k) => [k, 0])) as KindScores;
}

/** Evidence with nothing in it. */
export function emptyEvidence(): Evidence {
  return {
    scores: zeroScores(),
    cues: Object.fromEntries(SECTION_KINDS.map((k) => [k, []])) as unknown as Evidence["cues"],
  };
}

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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function countCue(
  text: string,
  lower: string,
  tokens: Map<string, number>,
  lang: Lang,
  word: string,
): number {
  if (lang === "en" || /^[a-z]/u.test(word)) {
    const re = cached(`en:${word}`, () => new RegExp(`(?<![a-z])${escapeRegExp(word)}(?![a-z])`, "gi"));
    return Math.min(MAX_PER_CUE, lower.match(re)?.length ?? 0);
  }
  if (ORDINAL.test(word)) {
    const re = cached(
      `ordinal:${word}`,
      () => new RegExp(`(?:^|[。；：，\\s])${word}(?:[，,、：:]|(?<=是))`, "gu"),
    );
    return Math.min(MAX_PER_CUE, text.match(re)?.length ?? 0);
  }
  if ([...word].length === 1) return Math.min(MAX_PER_CUE, tokens.get(word) ?? 0);
  let n = 0;
  let at = lower.indexOf(word);
  while (at !== -1 && n < MAX_PER_CUE) {
    // A negated cue (不需要, 无需, 未取得) says the opposite.
    if (!NEGATION.test(lower[at - 1] ?? "")) n++;
    at = lower.indexOf(word, at + word.length);
  }
  return n;
}

function tokenCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let previous = "";
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike && !NEGATION.test(previous.slice(-1)))
      counts.set(s.segment, (counts.get(s.segment) ?? 0) + 1);
    previous = s.segment;
  }
  return counts;
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
  const lower = text.normalize("NFKC").toLowerCase();
  const needsTokens = lang === "zh";
  const tokens = needsTokens ? tokenCounts(text) : new Map<string, number>();
  for (const kind of SECTION_KINDS) {
    for (const list of lists) {
      for (const cue of cues[kind][lang][list] as Cue[]) {
        const n = countCue(text, lower, tokens, lang, cue.word.normalize("NFKC"));
        if (n > 0) {
          evidence.scores[kind] += n * cue.weight;
          evidence.cues[kind].push(n > 1 ? `${cue.word}×${n}` : cue.word);
        }
      }
    }
  }
  return evidence;
}

/** True when a text is written in the other language (a Latin-script block in a Chinese article). */
export function isForeign(text: string, lang: Lang): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  if (han + latin < 8) return false;
  return lang === "zh" ? latin > 4 * han : han > latin;
}

/** The model's log-odds as scores per kind, scaled (divided by `scale` and by √ of the features it knew). */
export function modelScores(prediction: Prediction, scale: number): KindScores {
  const out = zeroScores();
  const norm = scale * Math.sqrt(Math.max(1, prediction.hits.length) / 10);
  SECTION_KINDS.forEach((k, i) => {
    out[k] = (prediction.scores[i] as number) / norm;
  });
  return out;
}

/** Everything one paragraph says about its kind. */
export interface TextSignals {
  rules: Evidence;
  model: Prediction;
  foreign: boolean;
}

/**
 * Reads a paragraph's signals.
 * @param text the paragraph
 * @param lang the article's language
 * @param cues the cue lists
 * @param scorer the paragraph model of the language
 */
export function paragraphSignals(text: string, lang: Lang, cues: Cues, scorer: LinearScorer): TextSignals {
  return {
    rules: scoreText(text, lang, cues, ["text", "weak"]),
    model: predict(scorer, text, lang),
    foreign: isForeign(text, lang),
  };
}

/**
 * Reads a heading's signals.
 * @param text the heading
 * @param lang the article's language
 * @param cues the cue lists
 * @param classifier the trained models
 */
export function headingSignals(text: string, lang: Lang, cues: Cues, classifier: Classifier): TextSignals {
  return {
    rules: scoreText(text, lang, cues, ["heading"]),
    model: predict(classifier.heading[lang], text, lang),
    foreign: isForeign(text, lang),
  };
}
