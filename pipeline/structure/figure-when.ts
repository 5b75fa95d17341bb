/**
 * What key-figure labels share across languages: the time expressions that say when a figure holds
 * (2025年上半年, fiscal year 2020, 2001-02), where to look for one, and how much a label says.
 * @module
 */
import { stripLead } from "./compress.js";
import type { Lang } from "./cues.js";
import { contentChars } from "./zh-words.js";

/** A Chinese time expression (2025年上半年, 截至2026年3月, 今年以来, 未来五年). */
export const ZH_WHEN =
  /(?:(?:在)?(?:未来|近|过去|此后)[一二三四五六七八九十两\d]+(?:个)?(?:年|月)|\d{4}(?:\s?[-—–~～至到]\s?\d{4})?\s?(?:财年|年度|年)(?:上半年|下半年|前三季度|一季度|二季度|三季度|四季度|第[一二三四1-4]季度|\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?|[1-4]-\d{1,2}月|全年|年底|年末|年初|底|末|初)?|\d{1,2}月\d{1,2}日|今年(?:上半年|以来|前\d+个?月)?|去年(?:同期)?|上半年|前三季度|截至[^，,]{1,14}?(?:底|末|日|月))/u;
/** An English time expression (fiscal year 2020, March 2024, 2001-02, 2023). */
export const EN_WHEN =
  /\b(?:(?:in|by|since|during|as of|through)\s+)?(?:(?:fiscal year|FY)\s?\d{2,4}|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s(?:\d{1,2},\s)?\d{4}|(?:19|20)\d{2}(?:[-–/]\d{2}(?!\d))?)\b/i;

/** The time expression without the preposition that opens it (in 2023 → 2023, 在未来五年 → 未来五年). */
export function bareWhen(when: string): string {
  return when.replace(/^(?:in|by|since|during|as of|through)\s+|^在/iu, "");
}

/**
 * When a figure holds, told by an earlier clause of its sentence that opens with the time
 * (2025年上半年，…; In 2023, …), the nearest such clause first.
 * @param earlier the clauses before the figure's
 * @param lang the language
 */
export function earlierWhen(earlier: readonly string[], lang: Lang): string | null {
  const re = lang === "en" ? EN_WHEN : ZH_WHEN;
  for (let i = earlier.length - 1; i >= 0; i--) {
    const m = re.exec(stripLead(earlier[i] as string, lang));
    if (m && m.index === 0) return bareWhen(m[0]);
  }
  return null;
}

/**
 * How much a label says: English words of three letters or more other than a few function words,
 * or the Chinese characters and Latin letters outside function words.
 * @param text the label
 * @param lang the language
 */
export function contentOf(text: string, lang: Lang): number {
  return lang === "en"
    ? (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !/^(?:the|and|for|with|about|than|from)$/i.test(w))
        .length
    : contentChars(text);
}

/**
 * Where a figure stands in a text: its first occurrence that is not the end of a longer number
 * (¾ per cent is not the one inside 3¾ per cent), or -1.
 * @param text the text
 * @param value the figure as written
 */
export function findValue(text: string, value: string): number {
  for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) {
    if (!/[0-9０-９A-Za-z.,]$/u.test(text.slice(0, at))) return at;
  }
  return -1;
}
