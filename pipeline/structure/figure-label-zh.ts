/**
 * What a Chinese key figure measures, read from its clause: the words before it without the linking
 * words (规模约达 → 规模), the noun after it (300亿元专项资金), when it holds, and for 从A增长到B the
 * change. A label is always a piece of the source — a contiguous span, or one with the figure taken
 * from its edge — and when none can be made (a figure in the middle of a list) the clause itself.
 * @module
 */
import { stripLead } from "./compress.js";
import type { FigureMeaning } from "./figure-meaning.js";
import { ZH_QUANTITY } from "./figure-patterns.js";
import { bareWhen, contentOf, earlierWhen, findValue, ZH_WHEN } from "./figure-when.js";
import type { KeyFigure } from "./model.js";
import { toSimplified } from "./simplify.js";
import { countedNoun, firstWords, lastWords, stripLinks, zhWords } from "./zh-words.js";

/** Reporting verbs, time adverbs and conjunctions that open the words before a figure (提出在…, 而…). */
const ZH_OPENING =
  /^(?:提出|表示|计划|预计|宣布|决定|拟|将|要|还|并|而|但|且|则|其中|包括|目前|当前|现在|如今|截至目前|同时|另外|此外)+/u;
/** How a percentage changed (同比增长, 比上年提高). */
const ZH_CHANGE =
  /(?:同比|环比|比上年|较上年|比去年|较去年|比上年同期|较上年同期)?(?:增长|增加|提高|上升|下降|减少|降低|回落|增速为?|增幅为?)了?$/u;
/** An approximation written after a number (50%左右, 800万只以上). */
const APPROX_AFTER = /^\s?(?:左右|以上|以下|上下|之多|有余|开外|之内|以内)/u;
/** A time expression at the end of the words before a figure (…增长到2025年的). */
const WHEN_TAIL = new RegExp(`(${ZH_WHEN.source})(?:的|时|底|末)?$`, "u");
/** A time expression opening them, with its preposition (到2030年…, 截至2025年底…). */
const WHEN_HEAD = new RegExp(`^(?:在|到|至|于|自|从)?\\s?(${ZH_WHEN.source})\\s?[，,]?`, "u");
/** From one value to another: 全省生产总值从2020年的3.68万亿元增长到 → subject and change. */
const FROM_TO =
  /^(.*?)((?:从|由)[^从由、，,；;到至]*\d[^从由、，,；;到至]*?(?:增长|增加|提高|提升|上升|下降|减少|降低|扩大|缩小|跃升|攀升|回落|下滑|增|减|升|降)?了?)(?:到|至|为)$/u;
const QUANTITY = new RegExp(ZH_QUANTITY, "gu");
/** What follows a number that makes it a time (2020年, 2024 财年, 3个月), not a figure. */
const TIME_AFTER = /^\s?(?:年|月|日|号|季度|世纪|财年|年度|个?月|·)/u;
/** What follows a figure that is an item of a list (…5.5亿元、省市…, …41.09万元和…). */
const LIST_AFTER = /^\s?(?:[、，,和与及或]|以及|$)/u;

/** An approximation or bound written before a number (约, 超过, 不低于), with its linking verb. */
const QUALIFIER_END =
  /(约|超过|超|逾|近|不到|不足|突破|不低于|不少于|不超过|不高于|低于|高于|少于|多于|至少|最多|最高|最低|(?<![时全身增成延])长达|高达|多达)(?:达到|达|为)?\s*$/u;

/** Prepositions that end the words before a figure, or open them: the figure is inside their phrase. */
const PREPOSITION_END = new Set(["对", "向", "跟", "把", "被", "给", "按", "相较", "相比", "较之"]);
const PREPOSITION_START = new Set(["与", "对", "向", "跟", "相较", "相比", "较之"]);
/** …与世界科技强国15%至20%的水平相比: the figure is what something is compared with. */
const COMPARED_WITH = /^的[^，,。；;]{0,12}(?:相比|相较|比较|相当|持平)/u;

/** Words that only restate the figure before a bracket in another unit (约合42亿人民币). */
const RESTATES = /^(?:约合|折合|合|约|即|相当于|约为)?$/u;

/** Where an unclosed bracket before a figure opens, or -1. */
function openBracket(before: string): number {
  const open = Math.max(before.lastIndexOf("（"), before.lastIndexOf("("));
  return open > Math.max(before.lastIndexOf("）"), before.lastIndexOf(")")) ? open : -1;
}

/**
 * Where the last other figure that is an item of a list ends in the words before a figure, or -1
 * (times such as 2020年 are no figures; 1000个省重点项目完成投资 keeps its count).
 */
function lastFigureEnd(text: string): number {
  let end = -1;
  for (const m of text.matchAll(QUANTITY)) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    if (TIME_AFTER.test(after) || /[年月日·]$/u.test(m[0]) || !LIST_AFTER.test(after)) continue;
    end = (m.index ?? 0) + m[0].length;
  }
  return end;
}

/** The words of a figure's own inside its clause: after the last inner stop, open quote or stray bracket. */
function ownWords(before: string): string {
  let text = before.split(/——|—|[，,；;：:。！？!?]/u).pop() ?? "";
  const quote = text.lastIndexOf("“");
  if (quote > text.lastIndexOf("”")) text = text.slice(quote + 1);
  // A closing bracket whose opening is in an earlier clause (…）自短期…).
  const stray = /^[^（(]*[）)]/u.exec(text);
  if (stray) text = text.slice(stray[0].length);
  return text.trimStart();
}

interface Subject {
  /** What is measured (城镇户籍人口比重). */
  text: string;
  when: string | null;
  /** How it changed (从2020年的3.68万亿元增长, or 同比增长 alone). */
  change: string | null;
  /** The words before the figure are a list it stands in (…分别为35.84万元、41.09万元和): no subject. */
  list: boolean;
  /** The figure is where a change starts (…从3.68万亿元增长到…): the words after it are the change's. */
  from: boolean;
}

/**
 * Reads a change off the words before a percentage: …年均增长 keeps its words as they are; words that
 * only say how (同比增长, 比2016年还提高了) are the change.
 */
function percentChange(text: string): { text: string; change: string | null } {
  const words = text.replace(/[约为达約為達]+$/u, "");
  const change = ZH_CHANGE.exec(toSimplified(words));
  if (!change) return { text, change: null };
  if (contentOf(stripLinks(words.slice(0, change.index)), "zh") < 2)
    return { text: "", change: words.trim() };
  return { text: words, change: null };
}

/** The subject of a figure from the words before it: times, changes and other figures read off. */
function subjectOf(before: string, kind: KeyFigure["kind"], earlier: readonly string[]): Subject {
  let text = ownWords(before).trimEnd();
  // …行业专家、知名音乐厂牌代表、500余位…: the figure is an item of a list.
  if (/[、和与及或]$/u.test(text)) return { text: "", when: null, change: null, list: true, from: false };
  let when: string | null = null;
  const tail = WHEN_TAIL.exec(text);
  if (tail) {
    when = tail[1] as string;
    text = text.slice(0, tail.index).trimEnd();
  }
  const from = /(?:从|由)$/u.test(text.replace(QUALIFIER_END, ""));
  let fromTo: string | null = null;
  const range = FROM_TO.exec(text.replace(QUALIFIER_END, ""));
  if (range) {
    text = range[1] as string;
    fromTo = range[2] as string;
  } else {
    const end = lastFigureEnd(text);
    if (end !== -1) {
      const rest = text.slice(end).replace(/^\s?(?:[、，,和与及或的]|以及)+/u, "");
      if (contentOf(stripLinks(rest), "zh") < 2 && !ZH_CHANGE.test(rest))
        return { text: "", when, change: null, list: true, from };
      text = rest;
    }
  }
  text = stripLead(text, "zh")
    .replace(/^[，,、\s]+/u, "")
    .replace(ZH_OPENING, "");
  const head = WHEN_HEAD.exec(text);
  if (head && !when) {
    when = head[1] as string;
    text = text.slice(head[0].length).replace(ZH_OPENING, "");
  }
  when ??= ZH_WHEN.exec(text)?.[0] ?? earlierWhen(earlier, "zh");
  const percent = kind === "percent" ? percentChange(text) : { text, change: null };
  return {
    text: stripLinks(percent.text),
    when: when ? bareWhen(when) : null,
    change: fromTo ?? percent.change,
    list: false,
    from,
  };
}

/** What follows a figure in its clause: the noun it measures (300亿元专项资金) and the rest (…死亡). */
function wordsAfter(after: string, kind: KeyFigure["kind"], phrase: boolean): { noun: string; tail: string } {
  const noun = kind === "count" ? "" : countedNoun(after);
  let tail = closedPart(after.slice(noun.length).split(/[（(。！？!?；;]/u)[0] ?? "")
    .replace(/\s*\[\d+\]\s*$/u, "")
    .trimEnd();
  // …5.5亿元、省市6.5亿元: the next item of a list is no part of this figure.
  if (/\d/u.test(tail)) tail = tail.split(/[、；;]|[和与及或](?=\s*[0-9０-９])/u)[0] ?? "";
  // …人口的庞大市场: the figure and its noun describe what follows; the noun is what it measures —
  // unless the figure stands in a phrase that goes on (导致对3个关键问题的认识不足).
  if ((/^\s*的/u.test(tail) && !phrase) || /^\s*$/u.test(tail)) tail = "";
  const title = /^[^《]{0,10}《[^》]{1,40}》/u.exec(tail);
  if (title) return { noun, tail: title[0] };
  // A tail cut short does not end in a fragment after a conjunction (…成果和乡村 → …成果).
  const kept = firstWords(tail, 20);
  if (kept === tail) return { noun, tail };
  // …nor in a number cut from its unit (…时长达 35 | 小时).
  const whole = kept.replace(/[\s\d０-９.,．]+$/u, "");
  return {
    noun,
    tail: (/^(.{4,})[和与及或、].{1,3}$/u.exec(whole)?.[1] ?? whole).replace(/(?:的|达|为)$/u, ""),
  };
}

/** A text up to its first closing quote or bracket that has no opening one in it. */
function closedPart(text: string): string {
  let quotes = 0;
  let brackets = 0;
  for (const [i, c] of [...text].entries()) {
    if (c === "“") quotes++;
    else if (c === "（" || c === "(") brackets++;
    else if ((c === "”" && --quotes < 0) || ((c === "）" || c === ")") && --brackets < 0))
      return [...text].slice(0, i).join("");
  }
  return text;
}

/**
 * The clause holding the figure as its label, when nothing shorter reads whole — inside a quotation
 * only its own part (…，1瑞典克朗=0.7393人民币）); null when it holds only figures.
 */
function clauseLabel(before: string, rest: string, value: string): FigureMeaning | null {
  const after = closedPart(rest.split(/[，,；;。！？!?]/u)[0] ?? "");
  const what = stripLead(`${ownWords(before)}${rest.slice(0, after.length)}`, "zh").replace(
    /^[，,、\s]+/u,
    "",
  );
  return contentOf(what.replace(QUANTITY, ""), "zh") >= 2 ? { value, what, when: null, change: null } : null;
}

/** The qualifier right before a number (约达 → 约, 超过, 不低于). */
function qualifierOf(before: string): string | null {
  return QUALIFIER_END.exec(before)?.[1] ?? null;
}

/**
 * A figure's label from the words before and after it in its clause (or bracket): "list" when it
 * stands in a list and has no words of its own, null when it measures nothing said.
 */
function labelOf(
  figure: KeyFigure,
  value: string,
  [before, after]: [string, string],
  earlier: readonly string[],
): FigureMeaning | "list" | null {
  const subject = subjectOf(before, figure.kind, earlier);
  // A change with no subject (占比从69.8%提高至78.5%), or words ending in a sum (运费9000+12500=): the
  // clause says it.
  if (subject.list || (subject.text === "" && /^[从由]/u.test(subject.change ?? ""))) return "list";
  if (/[\d=+×÷*/]\s*$/u.test(subject.text)) return "list";
  const own = stripLead(ownWords(before).trimEnd(), "zh").replace(ZH_OPENING, "");
  // A figure inside a prepositional phrase (…导致对3个…, 与世界科技强国15%至20%的…) is read with it.
  const words = zhWords(toSimplified(own));
  const phrase =
    subject.change === null &&
    (PREPOSITION_END.has(words[words.length - 1] ?? "") ||
      PREPOSITION_START.has(words[0] ?? "") ||
      COMPARED_WITH.test(after));
  const { noun, tail } = subject.from ? { noun: "", tail: "" } : wordsAfter(after, figure.kind, phrase);
  const shown = value.slice(value.indexOf(figure.value));
  let what: string;
  if (phrase) what = `${own}${shown}${noun}${tail}`;
  else if (subject.text === "") what = `${noun}${tail}`;
  else if ((tail === "" && noun === "") || subject.change) what = lastWords(subject.text, 30);
  // Words on both sides: the span with the figure in it, never the two sides glued together.
  else what = `${before.slice(Math.max(0, before.lastIndexOf(subject.text)))}${shown}${noun}${tail}`;
  what = what.replace(/^[，,、\s的）)”」]+|[，,、\s（(“「]+$/gu, "");
  // A comparison without its subject (比上月加快0.1个百分点) says how the figure before it changed.
  if (/^(?:增速|增幅)?(?:比|较)/u.test(what)) return { value, what: "", when: subject.when, change: what };
  if (contentOf(what.replace(figure.value, ""), "zh") < 2) {
    if (/^[从由]/u.test(subject.change ?? "")) return "list";
    return subject.change ? { value, what: "", when: subject.when, change: subject.change } : null;
  }
  return { value, what, when: subject.when, change: subject.change };
}

/**
 * Reads what a Chinese figure measures from its clause.
 * @param figure the figure
 * @param clause its clause, without the closing punctuation
 * @param earlier the clauses of its sentence before it
 */
export function zhMeaning(
  figure: KeyFigure,
  clause: string,
  earlier: readonly string[],
): FigureMeaning | null {
  const at = findValue(clause, figure.value);
  let before = clause.slice(0, at);
  let after = clause.slice(at + figure.value.length);
  const approx = APPROX_AFTER.exec(after)?.[0] ?? "";
  after = after.slice(approx.length);
  const value = `${qualifierOf(before) ?? ""}${figure.value}${approx}`;
  const open = openBracket(before);
  if (open !== -1) {
    // The bracket's own words: after its last comma (…每人约1万英镑，合1.29万美元).
    const comma = Math.max(before.lastIndexOf("，"), before.lastIndexOf(","));
    const inner = before.slice(Math.max(open, comma) + 1);
    const outer = before.slice(0, Math.max(open, comma));
    const close = after.search(/[）)]/u);
    after = close === -1 ? after : after.slice(0, close);
    // 6亿美元（约合42亿人民币）: the same figure again, in another unit.
    if (RESTATES.test(inner.trim()) && lastFigureEnd(outer) === outer.trimEnd().length) return null;
    if (contentOf(stripLinks(inner), "zh") >= 2) before = inner;
    // （这3起事故正在调查处理中）: the bracket says it; (共120家): the words before the bracket do.
    else if (contentOf(after, "zh") >= 2)
      return clauseLabel(inner, `${figure.value}${approx}${after}`, value);
    else [before, after] = [outer, ""];
  }
  const label = labelOf(figure, value, [before, after], earlier);
  return label === "list" ? clauseLabel(clause.slice(0, at), clause.slice(at), value) : label;
}
