/**
 * What a key figure measures and when: `1.32万亿元 · 2025年上半年跨境电商进出口规模（同比增长5.7%）`,
 * `$3.2 billion · the fund disbursed $3.2 billion in grants (2023)`. A date, a year, or a figure whose description
 * would only repeat its value has no meaning of its own and is left out of a key-figures box.
 * @module
 */
import { clauses, stripLead } from "./compress.js";
import type { Lang } from "./cues.js";
import type { KeyFigure } from "./model.js";

/** A key figure as a reader sees it. */
export interface FigureMeaning {
  /** The value with its qualifier (约1.32万亿元, 超过6.6亿, about $16.2 billion). */
  value: string;
  /** What it measures (跨境电商进出口规模, U.S. imports of refined copper). */
  what: string;
  /** When (2025年上半年, 2024), or null. */
  when: string | null;
  /** Figures of the same clause that only say how it changed (同比增长5.7%). */
  change: string | null;
}

const ZH_WHEN =
  /(?:(?:在)?(?:未来|近|过去|此后)[一二三四五六七八九十两\d]+(?:个)?(?:年|月)|\d{4}年(?:上半年|下半年|前三季度|一季度|二季度|三季度|四季度|第[一二三四]季度|\d{1,2}月(?:\d{1,2}日)?|[1-4]-\d{1,2}月|全年|年底|年末|年初|底|末|初)?|\d{1,2}月\d{1,2}日|今年(?:上半年|以来|前\d+个?月)?|去年(?:同期)?|上半年|前三季度|截至[^，,]{1,14}?(?:底|末|日|月))/u;
const EN_WHEN =
  /\b(?:(?:in|by|since|during|as of|through)\s+)?(?:(?:fiscal year|FY)\s?\d{2,4}|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s(?:\d{1,2},\s)?\d{4}|(?:19|20)\d{2})\b/i;
/** Verbs, approximators and particles between what is measured and the number (规模约达, 拥有超过). */
const ZH_LINK =
  /(?:约达|约为|约合|约占|达到|达|为|是|超过|超|突破|逾|近|约|共计|共|累计|合计|总计|已有|已经|已|有|拥有|实现|完成|提供|投入|新增|占比|占|了|到|至|的|将|计划|预计|提出|在)$/u;
/** Reporting verbs and time adverbs that open the words before a figure (提出在…, 目前已有…). */
const ZH_OPENING = /^(?:提出|表示|计划|预计|宣布|决定|拟|将|要|还|并|其中|目前|当前|现在|如今|截至目前)+/u;

const ZH_CHANGE =
  /(?:同比|环比|比上年|较上年|比去年|较去年|比上年同期|较上年同期)?(?:增长|增加|提高|上升|下降|减少|降低|回落|增速为?|增幅为?)了?$/u;
const EN_QUALIFIER =
  /\s+(about|nearly|almost|over|more than|less than|approximately|roughly|an estimated|up to|at least)$/i;

const stripEnd = (s: string, re: RegExp) => {
  let out = s;
  for (let i = 0; i < 6; i++) {
    const next = out.replace(re, "");
    if (next === out) break;
    out = next;
  }
  return out;
};

/** The nearest time expression in the clause before the figure, else in the sentence's earlier clauses. */
function findWhen(before: string, earlier: readonly string[], lang: Lang): string | null {
  const re = lang === "en" ? EN_WHEN : ZH_WHEN;
  const own = re.exec(before);
  if (own) return own[0].replace(/^(?:in|by|since|during|as of|through)\s+|^在/iu, "");
  // An earlier clause tells when only if it opens with the time (2025年上半年，…).
  for (let i = earlier.length - 1; i >= 0; i--) {
    const m = re.exec(stripLead(earlier[i] as string, lang));
    if (m && m.index === 0) return m[0].replace(/^(?:in|by|since|during|as of|through)\s+|^在/iu, "");
  }
  return null;
}

/** The noun a Chinese number quantifies when written right after it (6.6亿人口的…, 300亿元专项资金). */
function zhNounAfter(after: string): string {
  const m = /^[\p{Script=Han}A-Za-z]{1,10}/u.exec(after);
  if (!m) return "";
  const stop = m[0].search(/的|和|与|及|等|、|将|已|在|是|为|用于|签署|实现|达到|增长|下降|提供|助力|推动/u);
  return stop === -1 ? m[0] : m[0].slice(0, stop);
}

/** The English noun phrase after a number (…billion in loans to small firms → in loans to small firms). */
function enPhraseAfter(after: string): string {
  const m = /^\s*((?:of|in|for|on)\s+)?((?:[A-Za-z][\w'-]*\s?){1,6})/.exec(after);
  if (!m) return "";
  const phrase =
    (m[2] as string).split(
      /\s+(?=(?:that|which|who|is|are|was|were|will|would|has|have|had|to|and|but|by|from|since|as|than|in|on|at|this|last|per)\b)/,
    )[0] ?? "";
  return `${m[1] ?? ""}${phrase}`.trim();
}

function content(text: string, lang: Lang): number {
  return lang === "en"
    ? (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !/^(?:the|and|for|with|about|than|from)$/i.test(w))
        .length
    : [...text.replace(/[^\p{Script=Han}A-Za-z]/gu, "")].length;
}

/** The qualifier right before a number (约达 → 约, 超过, about) and the text before it. */
function qualifierOf(before: string, lang: Lang): string | null {
  if (lang === "en") return EN_QUALIFIER.exec(before)?.[1] ?? null;
  return /(约|超过|超|逾|近|不到|不足|突破)(?:达到|达|为)?$/u.exec(before)?.[1] ?? null;
}

/** An English figure in its own words: up to nine words before it and the noun phrase after it. */
function enWindow(before: string, value: string, after: string): string {
  const lead = before
    .replace(/^.*(?:\]|\.\s)/u, "")
    .split(/\s+/)
    .map((w) => w.replace(/[“‘"'([]+$/u, ""))
    .filter((w) => w !== "" && !/^\d+$/.test(w) && /\p{L}/u.test(w));
  const words = lead.slice(-9);
  const phrase = enPhraseAfter(after);
  const text = `${words.join(" ")} ${value}${phrase ? ` ${phrase}` : ""}`.trim();
  return content(`${words.join(" ")} ${phrase}`, "en") >= 2 ? text : "";
}

/** What a count did (签署合作意向, 联合印发《…》): the words after it, a cited title kept whole. */
function countPredicate(after: string): string {
  const text = after.replace(/^[，,]/u, "");
  const title = /^[^《，,]{0,10}《[^》]{1,40}》/u.exec(text);
  return title ? title[0] : [...text].slice(0, 16).join("");
}

/** What the figure measures: the clause before it without linking words, plus the noun after it. */
function measured(figure: KeyFigure, before: string, after: string, lang: Lang) {
  if (lang === "en") return { what: enWindow(before, figure.value, after), change: null };
  const change = figure.kind === "percent" ? ZH_CHANGE.exec(stripEnd(before, /[约为达]$/u)) : null;
  let what = stripEnd(change ? before.slice(0, change.index) : before, ZH_LINK).trim();
  // Only the words of this figure: after a dash, bracket or quote, at most the last 20 characters.
  what = [...(what.split(/——|—|[（）()《》“”「」]/u).pop() ?? "")].slice(-20).join("");
  what += figure.kind === "count" ? countPredicate(after) : zhNounAfter(after);
  return { what: what.replace(/^[，,、\s]+|[，,、\s]+$/gu, ""), change: change?.[0] ?? null };
}

/**
 * Reads what a key figure measures and when from its sentence; null when it has no meaning of its own
 * (a date, a year, or a description that would only repeat the value). A percentage that only says
 * how the figure before it changed (…1.32万亿元、同比增长5.7%) comes back with an empty `what` and
 * its `change`, for the caller to attach to that figure.
 * @param figure the figure with its sentence
 * @param lang the language
 */
export function figureMeaning(figure: KeyFigure, lang: Lang): FigureMeaning | null {
  if (figure.kind === "date") return null;
  const parts = clauses(figure.sentence.replace(/[。.！!？?]+$/u, ""), lang);
  const index = parts.findIndex((c) => c.includes(figure.value));
  if (index === -1) return null;
  const clause = (parts[index] as string).replace(/[，；：,;:。]\s*$/u, "");
  const at = clause.indexOf(figure.value);
  // From the last list separator on: in …1.32万亿元、同比增长5.7% the percentage's own words are 同比增长.
  let before = clause.slice(0, at).split("、").pop() ?? "";
  const when = findWhen(before, parts.slice(0, index), lang);
  if (when) before = before.replace(when, "");
  before = stripLead(before.trim(), lang)
    .replace(/^[，,\s]+/u, "")
    .replace(lang === "zh" ? ZH_OPENING : /^$/, "");
  const qualifier = qualifierOf(before, lang);
  const { what, change } = measured(figure, before, clause.slice(at + figure.value.length), lang);
  const value = qualifier ? `${qualifier}${lang === "en" ? " " : ""}${figure.value}` : figure.value;
  // A comparison without its subject (比上月加快0.1个百分点) says how the figure before it changed.
  const comparison = lang === "zh" && /^(?:增速|增幅)?(?:比|较)/u.test(what);
  if (comparison) return { value, what: "", when, change: `${what}` };
  if (/\d$/u.test(what)) return null;
  if (content(what.replace(figure.value, ""), lang) >= 2)
    return { value, what: change ? `${what}${change}` : what, when, change: null };
  return change ? { value, what: "", when, change } : null;
}
