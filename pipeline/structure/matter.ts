/**
 * Front and back matter told by its form rather than its words: the labelled blocks of a paper
 * (`摘要：`, `【关键词】`, `Abstract:`, `中图分类号`), author lines with affiliation numbers
 * (`张三1, 李四2`), and affiliation lines (an institution with a postcode, or in brackets). Such a
 * paragraph is *other* wherever it stands.
 * @module
 */

import { toSimplified } from "./simplify.js";

const ZH_LABELS = "(?:内容)?[摘提]\\s*要|关\\s*键\\s*[词字]";
const LABEL_WORDS = `${ZH_LABELS}|中图分类号|文献标识码|文章编号|abstract|key\\s*words?`;
/**
 * A block that opens with a front-matter label: `摘要：`, `【摘 要】`, `Keywords:`, or a Chinese
 * label set off by a space (`内容提要 近半个世纪以来…`, `关键词 相互依赖 武器化`).
 */
const LABEL = new RegExp(
  `^\\s*(?:[【\\[［]\\s*(?:${LABEL_WORDS})\\s*[】\\]］]|(?:${LABEL_WORDS})\\s*[:：]|(?:${ZH_LABELS})\\s+(?=\\S))`,
  "iu",
);

/**
 * True when a paragraph opens with a paper's front-matter label (abstract, keywords, 中图分类号,
 * 文章编号): the text before a paper's first heading that holds one is the paper's front matter.
 * @param text the paragraph
 */
export function isLabelLine(text: string): boolean {
  return LABEL.test(toSimplified(text.trim()));
}
/** Words that name an institution (大学, 研究院, University): an affiliation, never a person. */
export const INSTITUTION =
  /大学|学院|研究院|研究所|研究中心|实验室|科学院|社会科学院|党校|University|Institute|College|Academy|School of|Department of|Laboratory/u;
/** A place and a six-digit postcode: `北京 100101`, `Guangzhou 510530`. */
const POSTCODE = /[\p{Script=Han}A-Za-z]\s*[,，]?\s*\d{6}(?!\d)/u;
/** Two or more names, each with affiliation numbers: `张三1，2 李四1*`. */
const AUTHORS = /^(?:[\p{Script=Han}·]{2,4}\s*\d+(?:\s*[,，]\s*\d+)*\s*\*?\s*[,，、]?\s*){2,}$/u;
const SENTENCE_END = /[.。!?！？;；]["”’')）]*$/u;

/**
 * True when a paragraph is front or back matter by its form.
 * @param text the paragraph
 */
export function isMatterLine(text: string): boolean {
  if (isLabelLine(text)) return true;
  const t = toSimplified(text.trim());
  // Author and affiliation lines are short: a long paragraph is not read any further.
  if (t.length > 160) return false;
  if (AUTHORS.test(t)) return true;
  if (!INSTITUTION.test(t) || SENTENCE_END.test(t.replace(/[)）]$/u, ""))) return false;
  return POSTCODE.test(t) || /^[(（].*[)）]$/u.test(t);
}
