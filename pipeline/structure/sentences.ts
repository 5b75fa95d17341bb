/**
 * Sentence and word splitting for Chinese and English. Chinese sentences end at 。！？； (never at ，),
 * and quoted or titled spans (「」“”《》‘’（）) are never split.
 * @module
 */

const OPENERS: Record<string, string> = {
  "“": "”",
  "「": "」",
  "『": "』",
  "《": "》",
  "‘": "’",
  "（": "）",
  "(": ")",
};
const CLOSERS_AFTER = /[”’」』）)】》"']/u;
const ZH_END = /[。！？；!?;]/u;

/**
 * A point that ends a word but not a sentence: an initial (`Lynn E.`), an abbreviation of capitals
 * (`U.S.`, `U.N.`), a title or a short form (`Dr.`, `Ms.`, `No.`, `Inc.`, `Sept.`, `e.g.`, `et al.`).
 */
const ABBREVIATION =
  /(?:^|[\s(“"‘'–—-])(?:[A-Z]|(?:[A-Za-z]\.)+[A-Za-z]|Mr|Mrs|Ms|Dr|St|Mt|No|Nos|vs|Inc|Ltd|Co|Corp|Jr|Sr|Gov|Sen|Rep|Reps|Prof|Gen|Lt|Col|Capt|Hon|Rt|Fig|Figs|Vol|Vols|pp|para|paras|Art|Sec|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|cf|al)\.$/u;

/**
 * True when a text's last point is that of an abbreviation or an initial, not a sentence's end.
 * @param text the text up to and including the point
 */
export function endsInAbbreviation(text: string): boolean {
  return ABBREVIATION.test(text);
}

/** A sentence with its offset in the paragraph. */
export interface Sentence {
  text: string;
  start: number;
}

/**
 * Splits a paragraph into sentences.
 * @param paragraph the text
 * @param lang `zh` splits at 。！？；, `en` at . ! ? followed by a space and a capital (not at the point of
 *   an abbreviation or an initial: `U.S.`, `Dr.`, `Lynn E.`)
 */
export function splitSentences(paragraph: string, lang: "zh" | "en" = "zh"): Sentence[] {
  const chars = [...paragraph];
  const out: Sentence[] = [];
  const stack: string[] = [];
  let start = 0;
  let offset = 0;
  let current = "";
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    current += c;
    if (stack.length > 0 && c === stack[stack.length - 1]) stack.pop();
    else if (OPENERS[c] && stack.length < 4) stack.push(OPENERS[c] as string);
    const isEnd =
      lang === "en"
        ? /[.!?]/.test(c) &&
          (chars[i + 1] === undefined ||
            (chars[i + 1] === " " &&
              /[A-Z“"(]/.test(chars[i + 2] ?? "") &&
              !(c === "." && endsInAbbreviation(current))))
        : ZH_END.test(c);
    if (isEnd && stack.length === 0) {
      while (i + 1 < chars.length && CLOSERS_AFTER.test(chars[i + 1] as string)) current += chars[++i];
      if (current.trim() !== "") out.push({ text: current.trim(), start });
      offset += current.length;
      start = offset;
      current = "";
    }
  }
  if (current.trim() !== "") out.push({ text: current.trim(), start });
  return out;
}

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
const ZH_STOP = new Set(
  "的 了 和 与 及 在 是 为 对 以 将 把 被 从 到 也 都 而 并 或 等 其 这 那 一个 我们 我国 中国 方面 进行 通过 相关 有关 已 要 又 更 就 上 中 下 之".split(
    " ",
  ),
);
const EN_STOP = new Set(
  "the a an and or of to in on for with by at from as is are was were be been this that these those it its has have had will would can could should must not but also their our we they".split(
    " ",
  ),
);

/** Content words of a text, lower-cased, without stop words (Chinese via Intl.Segmenter). */
export function words(text: string, lang: "zh" | "en" = "zh"): string[] {
  if (lang === "en")
    return (text.toLowerCase().match(/[a-z][a-z'-]+|\d+/g) ?? []).filter((w) => !EN_STOP.has(w));
  const out: string[] = [];
  for (const s of segmenter.segment(text))
    if (s.isWordLike && !ZH_STOP.has(s.segment)) out.push(s.segment.toLowerCase());
  return out;
}
