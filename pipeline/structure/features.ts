/**
 * The features the paragraph classifier sees: for Chinese, character bigrams and trigrams inside runs
 * of text (never across punctuation); for English, lower-case words and word bigrams. Numbers become
 * `0`, so "增长5.4%" and "增长12%" share `长0`, `0%`. Each feature counts once per text.
 * @module
 */
import type { Lang } from "./cues.js";

const NUMBER = /\d+(?:[.,]\d+)*/gu;
/** Characters that separate runs of Chinese text. */
const ZH_BREAK = /[^\p{Script=Han}0%A-Za-z]+/u;
const EN_WORD = /[a-z]+(?:['’][a-z]+)*|0%?|\$0/gu;

/** Lower case, full-width forms folded, numbers as `0`. */
export function normaliseText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(NUMBER, "0");
}

function zhFeatures(text: string, out: Set<string>): void {
  for (const run of text.split(ZH_BREAK)) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) {
      out.add((chars[i] as string) + chars[i + 1]);
      if (i + 2 < chars.length) out.add((chars[i] as string) + chars[i + 1] + chars[i + 2]);
    }
  }
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
  if (lang === "zh") zhFeatures(normal, out);
  else enFeatures(normal, out);
  return out;
}
