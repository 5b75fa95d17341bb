/**
 * The text of Markdown blocks (inline HTML removed, wrapped lines joined: without a space beside
 * Chinese), and the headings written inside other blocks: a bold lead-in ended by a line break, a
 * numbered title on a paragraph's first line, a numbered list of one short item.
 * @module
 */
import type { List, ListItem, Nodes } from "mdast";
import { numberingOf } from "./numbering.js";

/** Removes scripts, styles, comments and tags from HTML, keeping the text. */
export function stripHtml(html: string): string {
  return html
    .replace(/<(script|style|iframe|object|template)\b[\s\S]*?(<\/\1\s*>|$)/gi, "")
    .replace(/<!--[\s\S]*?(-->|$)/g, "")
    .replace(/<\/?[A-Za-z][^>]*>?/g, "")
    .replace(/<\/?[A-Za-z]\S*/g, "");
}

const OPEN = "\u0000";
const CLOSE = "\u0001";

/** Text of a node with inline HTML marked, so scripts spanning several nodes can be removed whole. */
function rawText(node: Nodes): string {
  if (node.type === "html") return `${OPEN}${node.value}${CLOSE}`;
  if (node.type === "image") return node.alt ?? "";
  if ("value" in node && typeof node.value === "string") return node.value;
  if (node.type === "break") return "\n";
  if ("children" in node) return (node.children as Nodes[]).map(rawText).join("");
  return "";
}

/**
 * A block's visible text with its line breaks: inline HTML tags removed, script/style content dropped.
 * @param node the block
 */
export function visibleText(node: Nodes): string {
  return rawText(node)
    .replace(
      new RegExp(`${OPEN}<(script|style)\\b[^${CLOSE}]*${CLOSE}[\\s\\S]*?${OPEN}</\\1\\s*>${CLOSE}`, "gi"),
      "",
    )
    .replace(new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, "g"), (_, html: string) => stripHtml(html));
}

/** The visible text of a block: inline HTML tags removed, script/style content dropped. */
export function blockText(node: Nodes): string {
  return joinLines(visibleText(node)).trim();
}

/**
 * A Chinese paragraph whose first line is a short numbered title and whose next lines are a full
 * paragraph (`一、研究背景⏎正文…`, text whose paragraphs are not set apart by blank lines): the title
 * and the text, else undefined. The outline judges the title as it judges any numbered line.
 * @param text the paragraph's visible text, with its line breaks (visibleText)
 */
export function numberedFirstLine(text: string): [string, string] | undefined {
  const cut = text.indexOf("\n");
  if (cut === -1) return undefined;
  const first = text.slice(0, cut).trim();
  const rest = joinLines(text.slice(cut + 1)).trim();
  const n = numberingOf(first);
  if (!n || !/^(cn|cn-paren|dec\d|num|num-paren|part|section)$/u.test(n.style)) return undefined;
  // Chinese only: an English line that ends without punctuation is as often a sentence wrapped.
  // As long as the outline lets a numbered title be: 30 characters after a bare number, else 40.
  const most = n.style === "num" ? 30 : 40;
  if (/[A-Za-z]/u.test(first) || [...first].length > most || [...rest].length < 60) return undefined;
  const title = first
    .slice(n.marker.length)
    .replace(/[。.]$/u, "")
    .trim();
  return title !== "" && !/[,，.。;；!！?？]|[:：]$/u.test(title) ? [first, rest] : undefined;
}

/** A line break beside a Han character, CJK punctuation or a full-width form (checked by code point). */
const WIDE_BREAK =
  /(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef])\s*\n\s*|\s*\n\s*(?=[\p{Script=Han}\u3000-\u303f\uff00-\uffef])/gu;

/** A word hyphenated at the end of a line (`self-⏎sustaining`): the hyphen stays, the break goes. */
const HYPHEN_BREAK = /(?<=\p{Ll}-)[ \t]*\n\s*(?=\p{Ll})/gu;

/**
 * Joins a block's lines: without a space where the break falls beside a wide character or after a
 * word's hyphen, else with one.
 * @param text the block's text with its line breaks
 */
export function joinLines(text: string): string {
  return text
    .replace(WIDE_BREAK, "")
    .replace(HYPHEN_BREAK, "")
    .replace(/\s*\n\s*/gu, " ");
}

/**
 * True when a paragraph's text is all bold or italic (`**Findings**`): a heading written as text.
 * @param children the paragraph's inline nodes
 */
export function allEmphasis(children: readonly Nodes[]): boolean {
  const visible = children.filter((c) => !(c.type === "text" && c.value.trim() === "") && c.type !== "break");
  return visible.length > 0 && visible.every((c) => c.type === "strong" || c.type === "emphasis");
}

/**
 * A paragraph that opens with a short bold or italic line ended by a hard line break
 * (`**Findings**  ⏎ text…`, what many web pages become): the lead-in's children, else undefined.
 * @param children the paragraph's inline nodes
 */
export function runInHeading(children: readonly Nodes[]): Nodes[] | undefined {
  const cut = children.findIndex((c) => c.type === "break");
  if (cut <= 0 || cut === children.length - 1) return undefined;
  const lead = children.slice(0, cut);
  if (!allEmphasis(lead)) return undefined;
  const text = lead.map(blockText).join("").trim();
  const latin = !/\p{Script=Han}/u.test(text);
  const short = latin ? text.split(/\s+/u).length <= 12 : [...text].length <= 30;
  return short && !/[.。!！?？:：]$/u.test(text) ? lead : undefined;
}

/**
 * A numbered list of one short item that is one plain line, without sentence punctuation (`1. 引言`,
 * `2. Methods` between paragraphs): Markdown reads it as a list, but it is a numbered heading written as text, so it is
 * given back as a line with its number for the outline to judge. Longer items stay list items.
 * @param node a list node
 */
export function loneNumbered(node: List): string | undefined {
  if (!node.ordered || node.children.length !== 1) return undefined;
  const item = node.children[0] as ListItem;
  const only = item.children[0];
  if (item.children.length !== 1 || only?.type !== "paragraph") return undefined;
  const text = blockText(only).trim();
  const latin = /[A-Za-z]/u.test(text) && !/\p{Script=Han}/u.test(text);
  // The outline's rule for a title after a bare number: 12 words or 30 characters, no sentence or
  // clause punctuation, no closing colon.
  const short = latin ? text.split(/\s+/u).length <= 12 : [...text].length <= 30;
  const plain = text !== "" && !/[,，.。;；!！?？]|[:：]$/u.test(text);
  return short && plain ? `${node.start ?? 1}. ${text}` : undefined;
}
