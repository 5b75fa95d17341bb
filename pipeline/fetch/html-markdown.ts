/**
 * Article HTML → Markdown body with the unified ecosystem (rehype-parse → rehype-remark → remark-gfm →
 * remark-stringify): headings, lists and tables kept; images dropped (alt text too); links kept as
 * their text; scripts, styles, iframes, forms and hidden elements never survive; page furniture lines
 * (see `furniture.ts`) removed.
 * @module
 */
import type { Element, Root as HastRoot } from "hast";
import { toString as hastText } from "hast-util-to-string";
import type { Root as MdastRoot, Nodes, Parent } from "mdast";
import { toString as mdastText } from "mdast-util-to-string";
import rehypeParse from "rehype-parse";
import rehypeRemark from "rehype-remark";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { SKIP, visit } from "unist-util-visit";
import { isFurniture } from "./furniture.js";
import { clean } from "./metadata.js";

/** Elements removed with everything inside them. */
const DROP = new Set([
  "script",
  "style",
  "noscript",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "template",
  "svg",
  "math",
  "canvas",
  "video",
  "audio",
  "source",
  "track",
  "picture",
  "img",
  "map",
  "area",
  "form",
  "button",
  "input",
  "select",
  "textarea",
  "link",
  "meta",
  "base",
  "dialog",
]);

function hidden(node: Element): boolean {
  const p = node.properties;
  const style = typeof p.style === "string" ? p.style.replace(/\s/g, "").toLowerCase() : "";
  return p.hidden !== undefined || p.ariaHidden === "true" || /display:none|visibility:hidden/.test(style);
}

const PROMO_BLOCKS = new Set(["p", "div"]);

/** A short block whose whole text is link text: a promotion or navigation line, not article text. */
function linkOnly(node: Element): boolean {
  const all = hastText(node).trim();
  if (all === "" || all.length > 40) return false;
  let linked = "";
  visit(node, "element", (e: Element) => {
    if (e.tagName !== "a" || typeof e.properties.href !== "string" || e.properties.href.startsWith("#")) {
      return undefined;
    }
    linked += hastText(e);
    return SKIP;
  });
  return linked.replace(/\s/g, "").length >= all.replace(/\s|>|»/g, "").length;
}

/** rehype plugin: drops unsafe, hidden and image elements, unwraps links; ideographic spaces become spaces. */
function cleanHtml() {
  return (tree: HastRoot) => {
    visit(tree, "text", (node) => {
      node.value = node.value.replace(/\u3000/g, " ");
    });
    visit(tree, "element", (node: Element, index, parent) => {
      if (!parent || index === undefined) return;
      if (DROP.has(node.tagName) || hidden(node)) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      if (PROMO_BLOCKS.has(node.tagName) && linkOnly(node)) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      if (node.tagName === "a") {
        parent.children.splice(index, 1, ...node.children);
        return index;
      }
      return undefined;
    });
  };
}

/** Headings after which a page lists other articles: the article ends there. */
const RELATED =
  /^(推荐阅读|相关新闻|相关阅读|延伸阅读|相关链接|相关文章|相关报道|热点推荐|热点新闻|更多精彩|猜你喜欢|精彩推荐|related( articles| content| stories| reading| posts)?|read more|recommended( reading)?|more from .*)$/i;

/** Short lines of page chrome in English pages: dates, reading times, bylines. */
const CHROME =
  /^(\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4}|\d+ min(ute)?s? read|by [^.]{2,60}|updated:? .{4,40}|published:? .{4,40})$/i;

/** Removes the related-articles tail and the page chrome before the first paragraph of text. */
function trimEdges(tree: MdastRoot, chrome: Set<string>): void {
  const cut = tree.children.findIndex(
    (n) => (n.type === "heading" || n.type === "paragraph") && RELATED.test(clean(mdastText(n))),
  );
  if (cut > 0) tree.children.splice(cut);
  while (tree.children.length > 1) {
    const first = tree.children[0] as Nodes;
    const text = clean(mdastText(first)).replace(/^[-*] /, "");
    const short = text.length <= 60 && (first.type === "paragraph" || first.type === "list");
    if (!short || !(CHROME.test(text) || chrome.has(text.toLowerCase()))) break;
    tree.children.shift();
  }
}

/** Removes hard line breaks at the edges of blocks; one ending bold or italic text becomes a space after it. */
function trimBreaks(tree: MdastRoot): void {
  visit(tree, (node: Nodes) => {
    if (!("children" in node) || node.type === "root") return;
    const kids = node.children as Nodes[];
    for (let i = kids.length - 1; i >= 0; i--) {
      const kid = kids[i] as Nodes;
      if ((kid.type === "strong" || kid.type === "emphasis") && kid.children.at(-1)?.type === "break") {
        kids.splice(i + 1, 0, { type: "text", value: " " });
      }
    }
    while (kids[0]?.type === "break") kids.shift();
    while (kids.at(-1)?.type === "break") kids.pop();
  });
}

/** Removes a bold or italic run repeating the title at the start of one of the first paragraphs. */
function dropTitleRun(tree: MdastRoot, title: string | undefined): void {
  for (const node of tree.children.slice(0, 3)) {
    if (node.type !== "paragraph") continue;
    const run = node.children[0];
    if (run && (run.type === "strong" || run.type === "emphasis") && clean(mdastText(run)) === title) {
      node.children.shift();
      while (node.children[0]?.type === "break") node.children.shift();
      return;
    }
  }
}

const MEDIA = new Set(["image", "imageReference", "definition", "html", "footnoteDefinition"]);

/** remark plugin: removes media and raw HTML, unwraps links, drops furniture and the repeated title. */
function cleanMarkdown(options: { title?: string; chrome?: readonly string[] }) {
  const title = options.title ? clean(options.title) : undefined;
  const chrome = new Set((options.chrome ?? []).map((c) => clean(c).toLowerCase()));
  return (tree: MdastRoot) => {
    dropTitleRun(tree, title);
    trimBreaks(tree);
    let titleSeen = false;
    visit(tree, (node: Nodes, index, parent: Parent | undefined) => {
      if (!parent || index === undefined) return;
      if (MEDIA.has(node.type)) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      if (node.type === "link" || node.type === "linkReference") {
        parent.children.splice(index, 1, ...node.children);
        return index;
      }
      if (node.type !== "paragraph" && node.type !== "heading") return undefined;
      const text = clean(mdastText(node));
      const repeatsTitle = node.type === "heading" && !titleSeen && text === title;
      if (repeatsTitle) titleSeen = true;
      if (text === "" || repeatsTitle || isFurniture(text)) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      return undefined;
    });
    trimEdges(tree, chrome);
  };
}

/**
 * Converts an article's HTML to a Markdown body.
 * @param html the article's HTML (a fragment, e.g. Readability's `content`)
 * @param title the article's title: a heading repeating it is dropped
 * @param chrome words that, alone on a line before the text starts, are page chrome (section names,
 *   keywords, the site's and authors' names)
 */
export function htmlToMarkdown(html: string, title?: string, chrome: readonly string[] = []): string {
  const file = unified()
    .use(rehypeParse, { fragment: true })
    .use(cleanHtml)
    .use(rehypeRemark)
    .use(cleanMarkdown, { title, chrome })
    .use(remarkGfm)
    .use(remarkStringify, { bullet: "-", emphasis: "*", strong: "*", rule: "-", fences: true })
    .processSync(html);
  return String(file).trim();
}
