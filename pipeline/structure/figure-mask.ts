/**
 * Numbers that name something rather than measure it, blanked before key figures are looked for: cited
 * titles (《…》), figures, tables, articles, chapters, pages and footnotes (如图1所示, 表2, 第5条, Figure 3,
 * Section 4, p. 12, [17]), document numbers (国发〔2018〕42号, No. 7), phone numbers and postcodes
 * (02 6277 7220, 010-12345678, 邮编100000). Blanks keep every offset, so what is found still points into
 * the sentence.
 * @module
 */
import { endsWord } from "./zh-words.js";

const blank = (m: string) => " ".repeat(m.length);

/** A reference number with its parts and a second one (图1-2, 表2和表3, sections 4(1)(b) and 5). */
const REF_NUMBER = String.raw`\d+(?:[.\-–—－:]\d+)*(?:\([a-z0-9]{1,3}\))*`;

/** Chinese words that name a figure, table, appendix or note when a number follows (如图1所示, 表2). */
const ZH_REF = new RegExp(
  `(?:如|见|参见|详见)?(?:附图|附表|图表|附件|附录|专栏|脚注|注释|图|表|注)\\s?${REF_NUMBER}(?:\\s?(?:所示|所列|中|显示))?`,
  "gu",
);
/** Ordinals name a place in a list, never a quantity (第5条, 第3次, 第 12 页). */
const ZH_ORDINAL = /第\s?[0-9０-９]+/gu;
/** Document and serial numbers (国发〔2018〕42号, 3号文件, 1号线). */
const ZH_DOC_NUMBER = /[〔［【[(（]\s?(?:19|20)\d{2}\s?[〕］】\])）]\s?第?\s?\d+\s?号|(?<![\d.])\d+\s?号/gu;

/** Words that name a figure, table, section or page whenever a number follows (see table 2, p. 12). */
const EN_REF_WORDS = [
  "figures?|figs?\\.|tables?|charts?|graphs?|exhibits?|sections?|secs?\\.|§§?|chapters?|ch\\.|articles?|arts?\\.",
  "annex(?:es)?|appendix|appendices|paragraphs?|paras?\\.|¶|clauses?|footnotes?|endnotes?|pages?|pp?\\.|nos?\\.",
  "vol(?:ume)?s?\\.?|subsections?|amendments?|h\\.\\s?r\\.|public law|p\\.\\s?l\\.|pub\\.\\s?l\\.",
].join("|");
/** Words that name an item only when capitalised (Level 3, Phase 2; never the levels 5 percent higher). */
const EN_NAME_WORDS = [
  "Box|Boxes|Rules?|Parts?|Schedules?|Notes?|Issues?|Items?|Steps?|Phases?|Titles?|Divisions?|Regulations?",
  "Recommendations?|Findings?|Questions?|Options?|Principles?|Resolutions?|Directives?|Dockets?|Tiers?|Levels?",
  "Stages?|Versions?|Lines?|Rows?|Columns?|Goals?|Objectives?|Targets?|Q",
].join("|");
const REF_TAIL = `\\s?(?:[Nn]o\\.\\s?)?${REF_NUMBER}(?:\\s?(?:and|to|through|–|-|&)\\s?${REF_NUMBER})*`;
/** English references: figures, tables, sections, pages and numbered items. */
const EN_REF = new RegExp(`(?<![\\w.])(?:${EN_REF_WORDS})${REF_TAIL}`, "giu");
const EN_NAME = new RegExp(`(?<![\\w.])(?:${EN_NAME_WORDS})${REF_TAIL}`, "gu");
/** Bracketed note markers ([17], [3, 4]) and superscript digits. */
const NOTE_MARK = /\[\d+(?:\s?[,–-]\s?\d+)*\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+/gu;

/** A phone number or postcode after the word that announces it (电话：0311-1234567, Tel +61 2 6277 7220). */
const CUED_NUMBER =
  /(?:电话|联系电话|咨询电话|举报电话|服务电话|热线|手机|传真|邮编|邮政编码|\b(?:tel|telephone|phone|ph|fax|mobile|hotline|postcode|post code|zip(?: code)?)\b)[\s.:：]{0,3}[+(（]?[\d][\d\s()（）+\-－]{4,}\d(?!\s?(?:[件个次人万亿元%％家名项通起宗条]|per|calls))/giu;
/**
 * Digit groups joined by single spaces, hyphens or dots: at least three groups and eight digits
 * (02 6277 7220, 202-512-3000), but not a number grouped by thousands (10 000 000).
 */
const GROUPED_NUMBER =
  /(?<![\d.,$€£¥\w])(?:\+\d{1,3}[\s.-])?(?:\(\d{1,4}\)\s?)?\d{2,4}(?:[ \u00a0.-]\d{2,5}){2,}(?![\d%％]|\s?(?:%|per\s?cent|percent))/gu;
/** Chinese landlines, mobiles and service numbers (010-12345678, 13812345678, 400-123-4567). */
const ZH_PHONE = /(?<!\d)(?:0\d{2,3}[-－]\d{7,8}|1[3-9]\d{9}|[48]00[-－]?\d{3}[-－]?\d{4})(?!\d)/gu;

function isPhoneLike(m: string): boolean {
  if ((m.match(/\d/g) ?? []).length < 8) return false;
  return !/^\d{1,3}(?:[ \u00a0]\d{3})+$/u.test(m);
}

/** Whether a match of ZH_REF is a reference: its word (图, 表, 如图…) stands alone, not inside 代表 or 地图. */
function isZhReference(text: string, m: string, offset: number): boolean {
  const word = /^[^\d\s]+/u.exec(m)?.[0] ?? "";
  return endsWord(text, offset) && endsWord(text, offset + word.length);
}

/**
 * Blanks the spans of a sentence whose numbers are no key figures, keeping every offset.
 * @param text the sentence
 * @param lang its language
 * @returns the text with those spans replaced by spaces
 */
export function maskNonFigures(text: string, lang: "zh" | "en"): string {
  let out = text.replace(/《[^》]*》/gu, blank);
  out = out.replace(CUED_NUMBER, blank).replace(ZH_PHONE, blank);
  out = out.replace(GROUPED_NUMBER, (m) => (isPhoneLike(m) ? blank(m) : m));
  out = out.replace(NOTE_MARK, blank).replace(EN_REF, blank).replace(EN_NAME, blank);
  if (lang === "zh") {
    out = out.replace(ZH_DOC_NUMBER, blank).replace(ZH_ORDINAL, blank);
    // 图/表 only as a word of their own: 如图1所示 and 见表2, never 代表3000人 or 地图3.
    out = out.replace(ZH_REF, (m, offset: number) => (isZhReference(text, m, offset) ? blank(m) : m));
  }
  return out;
}
