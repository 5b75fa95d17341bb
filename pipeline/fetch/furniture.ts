/**
 * Chinese page furniture: the lines around an article that carry its metadata (作者：, 来源：, 发布时间：,
 * 责任编辑：) or page controls (字号：大 中 小, 打印本页, 关闭窗口, 分享到). They are read for metadata
 * and never reach the body.
 * @module
 */

/** Labels of furniture fields, longest first so `责任编辑` wins over `编辑`. */
export const FURNITURE_LABELS = [
  "责任编辑",
  "文章来源",
  "信息来源",
  "稿件来源",
  "新闻来源",
  "发布时间",
  "发布日期",
  "发表时间",
  "更新时间",
  "浏览次数",
  "点击次数",
  "阅读次数",
  "分享到",
  "点击数",
  "阅读量",
  "访问量",
  "图片来源",
  "通讯员",
  "原标题",
  "出品",
  "摄影",
  "来源",
  "作者",
  "记者",
  "编辑",
  "责编",
  "审核",
  "校对",
  "日期",
  "时间",
  "字号",
  "字体",
  "分享",
] as const;

/** Page controls that may stand alone on a line. */
const CONTROLS =
  /^(打印本页|打印本文|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|我要纠错|纠错|返回顶部|返回|大\s*中\s*小|默认|扫一扫[^\s]*|在手机上打开|分享到[:：]?)\s*/;
const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(\s*\d{1,2}:\d{2}(:\d{2})?)?\s*/;
const LABEL = new RegExp(`^(${FURNITURE_LABELS.join("|")})\\s*[：:︱|丨]\\s*`);
const NEXT = new RegExp(`(?:${FURNITURE_LABELS.join("|")})\\s*[：:︱|丨]|打印|关闭|【|\\[`);

const DATE_LABELS = new Set(["发布时间", "发布日期", "发表时间", "更新时间", "日期", "时间"]);

/** The fields a furniture line carries: label → values (a label may appear twice), and a bare date. */
export interface FurnitureFields {
  fields: Map<string, string[]>;
  /** A date written without a label (`2019年06月15日08:18  来源：…`), as YYYY-MM-DD. */
  date?: string;
}

function unbracket(line: string): string {
  return line
    .replace(/[【】〖〗[\]()（）|｜]/g, " ")
    .replace(/[\s\u00a0\u3000]+/g, " ")
    .trim();
}

/** Reads one `label：value` field at the start of `rest`; returns the rest after it, or undefined. */
function takeField(rest: string, out: FurnitureFields): string | undefined {
  const label = LABEL.exec(rest);
  if (!label?.[1]) return undefined;
  const after = rest.slice(label[0].length);
  const next = NEXT.exec(after);
  const value = (next ? after.slice(0, next.index) : after).trim();
  if (value.length > 40 || /[。！？；!?]/.test(value)) return undefined;
  if (DATE_LABELS.has(label[1]) && value !== "" && !DATE.test(value)) return undefined;
  const list = out.fields.get(label[1]) ?? [];
  if (value !== "") list.push(value);
  out.fields.set(label[1], list);
  return next ? after.slice(next.index) : "";
}

/**
 * Parses a line as page furniture.
 * @param line a line of text (a paragraph, a table cell, a `<div>`'s text)
 * @returns its fields when the whole line is furniture, else undefined
 */
export function parseFurniture(line: string): FurnitureFields | undefined {
  let rest = unbracket(line);
  if (rest === "" || rest.length > 200) return undefined;
  const out: FurnitureFields = { fields: new Map() };
  let matched = false;
  while (rest !== "") {
    const date = DATE.exec(rest);
    if (date) {
      out.date ??= `${date[1]}-${(date[2] as string).padStart(2, "0")}-${(date[3] as string).padStart(2, "0")}`;
      rest = rest.slice(date[0].length);
      continue;
    }
    const control = CONTROLS.exec(rest);
    if (control?.[0]) {
      rest = rest.slice(control[0].length);
      matched = true;
      continue;
    }
    const after = takeField(rest, out);
    if (after === undefined) return undefined;
    rest = after.trimStart();
    matched = true;
  }
  return matched ? out : undefined;
}

/** True when a line is page furniture (see `parseFurniture`). */
export function isFurniture(line: string): boolean {
  return parseFurniture(line) !== undefined;
}
