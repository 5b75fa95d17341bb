/**
 * The features the paragraph classifier sees: for Chinese, single characters (应, 已, 但 say much
 * about a kind) and character bigrams and trigrams inside runs of text (never across punctuation);
 * for English, lower-case words and word bigrams. Numbers become `0`, so "增长5.4%" and "增长12%"
 * share `长0`, `0%`. Each feature counts once per text.
 * Chinese n-grams are also read as small integers (`zhGrams`), which spares a long article millions of
 * little strings; `gramText` turns them back into characters.
 * @module
 */
import type { Lang } from "./cues.js";
import { toSimplified } from "./simplify.js";

const NUMBER = /\d+(?:[.,]\d+)*/gu;
const EN_WORD = /[a-z]+(?:['’][a-z]+)*|0%?|\$0/gu;

/** Lower case, full-width forms folded, traditional characters as simplified, numbers as `0`. */
export function normaliseText(text: string): string {
  return toSimplified(text.normalize("NFKC").toLowerCase()).replace(NUMBER, "0");
}

/**
 * A code unit's place in a dense alphabet of the characters that make up runs of Chinese text (Han
 * characters, `0`, `%`, Latin letters), 1 to 2¹⁵ − 1; 0 for any other (a break between runs). Small
 * codes keep n-gram keys small integers, which costs nothing to make.
 */
export function denseCode(c: number): number {
  if (c >= 0x3400 && c <= 0x9fff) return c - 0x3400 + 64;
  if (c >= 0xf900 && c <= 0xfaff) return c - 0xf900 + 0x6c40 + 64;
  if (c >= 97 && c <= 122) return c - 96;
  if (c === 48) return 30;
  if (c === 37) return 31;
  if (c === 0x3007) return 32;
  return 0;
}

function fromDense(d: number): number {
  if (d >= 0x6c40 + 64) return d - 64 - 0x6c40 + 0xf900;
  if (d >= 64) return d - 64 + 0x3400;
  if (d <= 26) return d + 96;
  return d === 30 ? 48 : d === 31 ? 37 : 0x3007;
}

const SHIFT = 0x8000;

/**
 * Calls `fn` for every Chinese character, bigram and trigram of a normalised text (repeats included):
 * `pair` is the key of its first two characters (a single character: its dense code, below 2¹⁵),
 * `third` the dense code of its third (0 for a bigram or a character).
 */
export function zhGrams(normal: string, fn: (pair: number, third: number) => void): void {
  let a = 0;
  let b = 0;
  for (let i = 0; i < normal.length; i++) {
    const c = denseCode(normal.charCodeAt(i));
    if (c === 0) {
      a = 0;
      b = 0;
      continue;
    }
    fn(c, 0);
    if (b !== 0) {
      fn(b * SHIFT + c, 0);
      if (a !== 0) fn(a * SHIFT + b, c);
    }
    a = b;
    b = c;
  }
}

/** The characters of a Chinese n-gram given as in zhGrams. */
export function gramText(pair: number, third: number): string {
  if (pair < SHIFT) return String.fromCharCode(fromDense(pair));
  const chars = [fromDense(Math.floor(pair / SHIFT)), fromDense(pair % SHIFT)];
  if (third !== 0) chars.push(fromDense(third));
  return String.fromCharCode(...chars);
}

/** A Chinese n-gram of one to three run characters as [pair, third], or undefined. */
export function gramKey(feature: string): [number, number] | undefined {
  const d = [...feature].map((ch) => denseCode(ch.charCodeAt(0)));
  if (d.length === 1 && d[0] !== 0 && feature.length === 1) return [d[0] as number, 0];
  if (d.length < 2 || d.length > 3 || d.some((x) => x === 0) || [...feature].some((ch) => ch.length > 1))
    return undefined;
  return [(d[0] as number) * SHIFT + (d[1] as number), d[2] ?? 0];
}

function enFeatures(text: string, out: Set<string>): void {
  const words = text.match(EN_WORD) ?? [];
  for (let i = 0; i < words.length; i++) {
    out.add(words[i] as string);
    if (i + 1 < words.length) out.add(`${words[i]} ${words[i + 1]}`);
  }
}

/**
 * The distinct features of a text.
 * @param text a paragraph or heading
 * @param lang the article's language
 */
export function featuresOf(text: string, lang: Lang): Set<string> {
  const out = new Set<string>();
  const normal = normaliseText(text);
  if (lang === "zh") zhGrams(normal, (pair, third) => out.add(gramText(pair, third)));
  else enFeatures(normal, out);
  return out;
}

/** English features of a text (for scoring), as featuresOf. */
export function enFeaturesOf(normal: string): Set<string> {
  const out = new Set<string>();
  enFeatures(normal, out);
  return out;
}
