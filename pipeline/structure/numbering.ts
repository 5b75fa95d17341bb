/**
 * Headings as a tree. A heading's level comes from its Markdown depth and its numbering
 * (`第一部分`, `一、`, `（一）`, `1.`, `1.1`, `1.1.1`, `(1)`, `①`, `01 —`, `A.`, `I.`): numbering
 * styles take levels in the order they first appear under each other, as in any outline, so
 * `一、` → `（一）` → `1.` nests, and `1` → `1.1` → `1.1.1` nests. An unnumbered heading after a
 * numbered one is its child, unless it names a part of its own (结语, 参考文献, Conclusion …).
 * @module
 */

/** A heading's numbering: its style and, for decimals, how many parts (`2.1.3` → 3). */
export interface Numbering {
  style: string;
  /** The marker as written (`（一）`, `2.1`). */
  marker: string;
}

const CN = "[一二三四五六七八九十百零〇]{1,4}";
const PATTERNS: [string, RegExp][] = [
  [
    "part",
    new RegExp(`^(第${CN}(部分|章|篇|编)|第\\d{1,2}(部分|章)|part\\s+[ivx\\d]+\\b|chapter\\s+\\d+\\b)`, "iu"),
  ],
  ["section", new RegExp(`^第${CN}节`, "u")],
  ["cn", new RegExp(`^${CN}\\s*[、.．,，]`, "u")],
  ["cn-paren", new RegExp(`^[(（]${CN}[)）]`, "u")],
  ["dec", /^\d{1,2}(\.\d{1,2})+\.?(?=\s|[^\d.%])(?![亿万千百元倍个项年月日])/u],
  ["num-dash", /^\d{1,2}\s*[—–-]{1,2}\s*(?=\S)/u],
  // `2 面临的挑战`, `2面临的挑战`, `1 “双碳”目标下…` — but not a date or an amount (`12月`, `3个`).
  [
    "num",
    /^\d{1,2}\s*[.、．](?!\d)|^\d{1,2}(?=\s*[\p{Script=Han}A-Za-z“‘《「])(?!\s*[年月日个项家亿万倍号届次名条岁%])/u,
  ],
  ["num-paren", /^[(（]\d{1,2}[)）]|^\d{1,2}[)）]/u],
  ["circled", /^[①-⑳]/u],
  ["roman", /^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})[.、．]\s*/u],
  ["alpha", /^[A-H][.、．)]\s+|^[(（][a-hA-H][)）]/u],
];

/**
 * The numbering of a heading, or undefined when it has none.
 * @param text the heading's text
 */
export function numberingOf(text: string): Numbering | undefined {
  const t = text.trim();
  for (const [style, re] of PATTERNS) {
    const m = re.exec(t);
    if (!m || m[0].trim() === "") continue;
    if (style === "dec") {
      const parts = m[0].replace(/\.$/u, "").split(".").length;
      return { style: `dec${parts}`, marker: m[0].trim() };
    }
    return { style, marker: m[0].trim() };
  }
  return undefined;
}

/** The heading text without its numbering. */
export function withoutNumbering(text: string): string {
  const n = numberingOf(text);
  return n
    ? text
        .trim()
        .slice(n.marker.length)
        .replace(/^[\s、.．:：—–-]+/u, "")
    : text.trim();
}

/** Headings that name a part of the document of their own: never the child of a numbered heading. */
const TOP_NAMES =
  /^(摘\s*要|关键词|关\s*键\s*词|abstract|keywords?|引\s*言|前\s*言|导\s*言|绪\s*论|序\s*言|结\s*语|总结与展望|结论与展望|结论与建议|结论与讨论|结\s*论|结束语|余\s*论|研究结论|参考文献|注\s*释|附\s*录|致\s*谢|作者简介|后\s*记|introduction|conclusions?|summary|references|bibliography|notes|endnotes|appendix|acknowledge?ments?|about the authors?)(?![a-z])/iu;

/** True when a heading names a part of the document of its own (结语, References …). */
export function isTopName(text: string): boolean {
  return TOP_NAMES.test(withoutNumbering(text).replace(/[:：]$/u, ""));
}

/**
 * True when a line is nothing but the name of such a part (`参考文献`, `References:`, `5 结语`).
 * @param text the line
 */
export function isPartName(text: string): boolean {
  const core = withoutNumbering(text)
    .replace(/[:：]$/u, "")
    .trim();
  return TOP_NAMES.test(core) && core.replace(TOP_NAMES, "").trim() === "";
}

/** A heading placed in the tree. */
export interface TreeNode {
  /** 0 for the top level. */
  level: number;
  /** Index of the parent heading, or -1. */
  parent: number;
}

interface Open {
  style: string;
  depth: number;
  index: number;
}

const unnumbered = (o: Open) => o.style === "plain" || o.style === "top";

/** Where a numbered heading of `style` joins the open stack (the length it cuts the stack to). */
function placeNumbered(stack: Open[], style: string, depth: number): number {
  // 第一部分 / Part I is always the outermost numbering.
  if (style === "part") {
    const first = stack.findIndex((o) => o.depth === depth);
    return first !== -1 ? first : stack.length;
  }
  const same = stack.findIndex((o) => o.style === style && o.depth === depth);
  if (same !== -1) return same;
  // A decimal heading of fewer parts closes the deeper ones (2 after 1.1.2).
  if (/^dec\d$/u.test(style)) {
    const deeper = stack.findIndex((o) => /^dec\d$/u.test(o.style) && o.style > style && o.depth === depth);
    if (deeper !== -1) return deeper;
  }
  // Never the child of an unnumbered heading of the same depth: its sibling.
  const plain = stack.findIndex((o) => unnumbered(o) && o.depth === depth);
  return plain !== -1 ? plain : stack.length;
}

/**
 * Where an unnumbered heading joins: beside the nearest unnumbered one of its depth; else the child
 * of the open numbered heading when that numbering goes on after it (`（一）` … plain … `（二）`);
 * else, once the numbering has ended, beside the outermost numbered heading (a closing part).
 */
function placeUnnumbered(
  stack: Open[],
  depth: number,
  top: boolean,
  later: Set<string>,
  parents: Set<string>,
): number {
  if (top) {
    const first = stack.findIndex((o) => o.depth === depth);
    return first !== -1 ? first : stack.length;
  }
  const same = stack.findLastIndex((o) => unnumbered(o) && o.depth === depth);
  if (same !== -1) return same;
  const open = stack[stack.length - 1];
  if (open && parents.has(`${open.style}@${open.depth}`)) return stack.length;
  if (stack.some((o) => !unnumbered(o) && later.has(`${o.style}@${o.depth}`))) return stack.length;
  const outer = stack.findIndex((o) => o.depth === depth);
  return outer !== -1 ? outer : stack.length;
}

/** For each heading, the numbering styles (`style@depth`) of the headings after it. */
function stylesAfter(headings: readonly { text: string; depth: number }[]): Set<string>[] {
  const out: Set<string>[] = [];
  let seen = new Set<string>();
  for (let i = headings.length - 1; i >= 0; i--) {
    out[i] = seen;
    const h = headings[i] as { text: string; depth: number };
    const n = numberingOf(h.text);
    if (n) seen = new Set([...seen, `${n.style}@${h.depth}`]);
  }
  return out;
}

/**
 * Places headings in a tree.
 * @param headings each heading's text and Markdown depth, in reading order
 */
export function buildTree(headings: readonly { text: string; depth: number }[]): TreeNode[] {
  const stack: Open[] = [];
  const after = stylesAfter(headings);
  /** Numbering styles that have had unnumbered children: later ones of that style have them too. */
  const parents = new Set<string>();
  return headings.map((h, index) => {
    // A shallower Markdown heading closes the deeper ones.
    while (stack.length > 0 && (stack[stack.length - 1] as Open).depth > h.depth) stack.pop();
    const numbering = numberingOf(h.text);
    // A numbered part name (`1 引言`, `5. Conclusion`) takes its place by its number.
    const top = !numbering && isTopName(h.text);
    stack.length =
      numbering && !top
        ? placeNumbered(stack, numbering.style, h.depth)
        : placeUnnumbered(stack, h.depth, top, after[index] as Set<string>, parents);
    const parent = stack[stack.length - 1];
    if (parent && !numbering && !top && !unnumbered(parent)) parents.add(`${parent.style}@${parent.depth}`);
    const node = { level: stack.length, parent: parent ? parent.index : -1 };
    stack.push({ style: top ? "top" : (numbering?.style ?? "plain"), depth: h.depth, index });
    return node;
  });
}
