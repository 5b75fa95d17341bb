/**
 * Key figures: amounts, percentages, counts and dates as written (`1.32万亿元`, `9.3%`, `8个东盟国家`,
 * `2025年8月`), each with its sentence and paragraph, ranked so the most informative come first.
 * @module
 */
import { maskNonFigures } from "./figure-mask.js";
import { EN_PATTERNS, ZH_PATTERNS } from "./figure-patterns.js";
import type { KeyFigure } from "./model.js";
import { splitSentences } from "./sentences.js";

/** The same figure however it is spaced (3 per cent, 3\u00a0per\u00a0cent). */
const keyOf = (value: string) => value.replace(/\s+/gu, " ");

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
      const masked = maskNonFigures(sentence.text, lang);
      const taken: [number, number][] = [];
      for (const pattern of lang === "en" ? EN_PATTERNS : ZH_PATTERNS) {
        pattern.re.lastIndex = 0;
        for (const m of masked.matchAll(pattern.re)) {
          const start = m.index ?? 0;
          const hit = pattern.refine ? pattern.refine(m, masked) : m[0];
          if (hit === null) continue;
          const value = sentence.text.slice(start, start + hit.trimEnd().length);
          const end = start + value.length;
          if (taken.some(([s, e]) => start < e && end > s)) continue;
          // A count is more than a number and its measure word (3个 alone says nothing).
          if (pattern.kind === "count" && [...value.replace(/\s/gu, "")].length < 3) continue;
          taken.push([start, end]);
          if (seen.has(keyOf(value))) continue;
          seen.add(keyOf(value));
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
