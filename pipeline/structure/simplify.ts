/**
 * Traditional Chinese read as simplified, one character for one (OpenCC's character table): cue words
 * and the model's features are written in simplified characters, so 關鍵詞, 參考文獻 or 存在的問題 must
 * meet 关键词, 参考文献 and 存在的问题. Only for reading kinds: briefs keep the article's own characters.
 * A character whose simplified form takes more code units (a few rare ones) is left as it is, so a text
 * keeps its length.
 * @module
 */
import table from "opencc-js/dict/TSCharacters";

let map: Map<string, string> | undefined;

function tableMap(): Map<string, string> {
  if (map) return map;
  map = new Map();
  for (const pair of (table as string).split("|")) {
    const [from, to] = pair.split(" ");
    if (from?.length === 1 && to?.length === 1) map.set(from, to);
  }
  return map;
}

/** True for a code unit in the CJK blocks a traditional character may be in. */
const maybeHan = (c: number) => c >= 0x3400 && c <= 0xfaff;

/**
 * The text with every traditional character that has a simplified one (of the same length) replaced.
 * @param text any text (other characters are kept)
 */
export function toSimplified(text: string): string {
  const m = tableMap();
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!maybeHan(text.charCodeAt(i))) continue;
    const to = m.get(text[i] as string);
    if (to === undefined) continue;
    out += text.slice(from, i) + to;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
