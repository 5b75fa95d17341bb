/**
 * The signals one text gives about its kind: cue words (rules from the cue file), the trained
 * classifier's log-odds, and whether the text is in another language than the article's (an English
 * abstract inside a Chinese paper is front matter). Each is a score per kind.
 * The cue-word matching itself is in cue-words.ts.
 * @module
 */
import {
  type Classifier,
  type LinearScorer,
  type Prediction,
  predict,
  predictDiscourse,
} from "./classifier.js";
import { scoreText } from "./cue-words.js";
import type { Cues, Lang } from "./cues.js";
import { normaliseText } from "./features.js";
import { SECTION_KINDS, type SectionKind } from "./model.js";
import { withoutNumbering } from "./numbering.js";

/** A score per kind. */
export type KindScores = Record<SectionKind, number>;

/** Scores per kind and the cues (words, priors) that made them. */
export interface Evidence {
  scores: KindScores;
  cues: Record<SectionKind, string[]>;
  /** How many characters of the text the cue words cover (scoreText only). */
  covered?: number;
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

/** True when a text is written in the other language (a Latin-script block in a Chinese article). */
export function isForeign(text: string, lang: Lang): boolean {
  const { han, latin } = scriptCounts(text);
  if (han + latin < 8) return false;
  return lang === "zh" ? latin > 4 * han : han > latin;
}

/** How many Han characters and Latin letters a text has (counted without building strings). */
export function scriptCounts(text: string, limit = Number.POSITIVE_INFINITY): { han: number; latin: number } {
  let han = 0;
  let latin = 0;
  const n = Math.min(text.length, limit);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) han++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
  }
  return { han, latin };
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
  /** What the discourse model says (paragraphs only). */
  discourse?: Prediction;
  foreign: boolean;
  /** A byline, date or source line above the article's first full paragraph. */
  meta?: boolean;
  /** A short line that is not a sentence below the first full paragraph (a caption, an address). */
  fragment?: boolean;
}

/** A line that describes the article rather than says something: short, and not a sentence. */
export function isMetaLine(text: string): boolean {
  const t = text.trim();
  if (t.length > 300) return false; // 12 words or 30 characters are never this long
  const latin = /[A-Za-z]/u.test(t) && !/\p{Script=Han}/u.test(t);
  const short = latin ? t.split(/\s+/u).length <= 12 : [...t].length <= 30;
  return short && !/[.。!?！？;；]["”’')）]*$/u.test(t);
}

/**
 * Reads a paragraph's signals.
 * @param text the paragraph
 * @param lang the article's language
 * @param cues the cue lists
 * @param scorer the paragraph model of the language
 * @param discourse the discourse model of the language
 */
export function paragraphSignals(
  text: string,
  lang: Lang,
  cues: Cues,
  scorer: LinearScorer,
  discourse?: LinearScorer,
): TextSignals {
  const normal = normaliseText(text);
  return {
    rules: scoreText(text, lang, cues, ["text", "weak"]),
    model: predict(scorer, text, lang, normal),
    ...(discourse ? { discourse: predictDiscourse(discourse, text, lang, normal) } : {}),
    foreign: isForeign(text, lang),
  };
}

/**
 * A heading with the spaces between Chinese characters taken out: typesetting spreads short
 * headings (`摘  要`, `参 考 文 献`), and cue words are written without them.
 */
export const unspaced = (text: string): string =>
  text.replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, "");

/**
 * Reads a heading's signals (spaces between Chinese characters taken out first, see unspaced).
 * @param heading the heading
 * @param lang the article's language
 * @param cues the cue lists
 * @param classifier the trained models
 */
export function headingSignals(
  heading: string,
  lang: Lang,
  cues: Cues,
  classifier: Classifier,
): TextSignals & { naming: number } {
  const text = unspaced(heading);
  const rules = scoreText(text, lang, cues, ["heading"]);
  const core = withoutNumbering(text).replace(/[\p{P}\p{S}\s\d]/gu, "");
  return {
    rules,
    model: predict(classifier.heading[lang], text, lang),
    foreign: isForeign(text, lang),
    naming: core.length === 0 ? 0 : Math.min(1, (rules.covered ?? 0) / core.length),
  };
}
