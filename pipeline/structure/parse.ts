/**
 * Parses a Markdown source (unified + remark-parse + remark-frontmatter) into its front matter and a
 * flat list of body blocks: headings and paragraphs, with their source lines. Raw HTML never survives
 * as markup: scripts and styles are dropped, tags are removed, their text is kept.
 * @module
 */
import type { Root, RootContent } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { BriefError } from "../errors.js";
import { lineOf } from "../yaml-lines.js";
import {
  allEmphasis,
  blockText,
  joinLines,
  loneNumbered,
  numberedFirstLine,
  runInHeading,
  stripHtml,
  visibleText,
} from "./block-text.js";
import { LARGE, plainPieces } from "./plain.js";

/** A heading or paragraph of the body. */
export interface BodyBlock {
  type: "heading" | "paragraph";
  depth: number;
  text: string;
  line: number;
  /** How a paragraph was written: all bold or italic (`**Findings**`), a list item, a table row. */
  form?: "emphasis" | "item" | "row";
  /** The block stands just after a thematic break (`---`, `***`): a new part may start here. */
  ruled?: true;
}

/** What every source's front matter may hold; unknown keys are kept out. */
export const FrontMatterSchema = z
  .object({
    title: z.string().min(1).optional(),
    subtitle: z.string().optional(),
    authors: z
      .union([z.array(z.string()), z.string()])
      .transform((a) => (Array.isArray(a) ? a : a.split(/[\s,，、;；]+/u).filter(Boolean)))
      .default([]),
    column: z.string().optional(),
    date: z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
    authorNote: z.string().optional(),
    fundingNote: z.string().optional(),
    notes: z.array(z.string()).default([]),
    source: z.string().optional(),
    /** When the source was fetched from the web (ISO time). */
    fetched: z.union([z.string(), z.date().transform((d) => d.toISOString())]).optional(),
    lang: z.enum(["zh", "en"]).optional(),
  })
  .passthrough();
/** Front matter after validation. */
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** A parsed source. */
export interface ParsedSource {
  front: FrontMatter;
  blocks: BodyBlock[];
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]);

function collect(nodes: RootContent[], out: BodyBlock[]): void {
  let ruled = false;
  for (const node of nodes) {
    const line = node.position?.start.line ?? 0;
    if (node.type === "thematicBreak") {
      ruled = true;
      continue;
    }
    const before = out.length;
    collectNode(node, line, out);
    if (ruled && out[before]) out[before] = { ...(out[before] as BodyBlock), ruled: true };
    ruled = false;
  }
}

/** A list item's or table row's paragraph. */
const formed = (text: string, line: number, form: "item" | "row"): BodyBlock => ({
  type: "paragraph",
  depth: 0,
  text,
  line,
  form,
});

/** The blocks of one Markdown node. */
function collectNode(node: RootContent, line: number, out: BodyBlock[]): void {
  switch (node.type) {
    case "heading":
      out.push({ type: "heading", depth: node.depth, text: blockText(node), line });
      break;
    case "paragraph":
    case "html":
    case "code": {
      const lead = node.type === "paragraph" ? runInHeading(node.children) : undefined;
      if (node.type === "paragraph" && lead) {
        const head = lead.map(blockText).join("").trim();
        out.push({ type: "paragraph", depth: 0, text: head, line, form: "emphasis" });
        const rest = blockText({ ...node, children: node.children.slice(lead.length + 1) });
        if (rest !== "") out.push({ type: "paragraph", depth: 0, text: rest, line: line + 1 });
        break;
      }
      const visible = node.type === "paragraph" ? visibleText(node) : undefined;
      const split = visible === undefined ? undefined : numberedFirstLine(visible);
      if (split) {
        out.push({ type: "paragraph", depth: 0, text: split[0], line });
        out.push({ type: "paragraph", depth: 0, text: split[1], line: line + 1 });
        break;
      }
      const text =
        node.type === "html"
          ? stripHtml(node.value).trim()
          : visible !== undefined
            ? joinLines(visible).trim()
            : blockText(node);
      const emphasis = node.type === "paragraph" && allEmphasis(node.children);
      if (text !== "")
        out.push({ type: "paragraph", depth: 0, text, line, ...(emphasis ? { form: "emphasis" } : {}) });
      break;
    }
    case "blockquote":
      collect(node.children, out);
      break;
    case "list": {
      const lone = loneNumbered(node);
      if (lone) {
        out.push({ type: "paragraph", depth: 0, text: lone, line: node.position?.start.line ?? line });
        break;
      }
      for (const item of node.children) {
        const text = item.children
          .map((c) => blockText(c))
          .join(" ")
          .trim();
        if (text !== "") out.push(formed(text, item.position?.start.line ?? line, "item"));
      }
      break;
    }
    case "table":
      for (const row of node.children) {
        const text = row.children.map((c) => blockText(c)).join(" | ");
        if (text.trim() !== "") out.push(formed(text, row.position?.start.line ?? line, "row"));
      }
      break;
    default:
      break;
  }
}

/**
 * Parses Markdown text.
 * @param text the source's text (already decoded)
 * @param file the source's path, for messages
 * @throws BriefError when the front matter is not valid YAML or does not fit the schema
 */
export function parseSource(text: string, file: string): ParsedSource {
  const large = text.length >= LARGE ? parseLarge(text, file) : undefined;
  if (large) return large;
  const tree = processor.parse(text) as Root;
  const first = tree.children[0];
  const front =
    first?.type === "yaml"
      ? readFront(first.value, (first.position?.start.line ?? 1) + 1, file)
      : emptyFront();
  const blocks: BodyBlock[] = [];
  collect(
    tree.children.filter((c) => c.type !== "yaml"),
    blocks,
  );
  return { front, blocks };
}

const emptyFront = (): FrontMatter => FrontMatterSchema.parse({});

/** Validates front matter YAML (`offset`: the source line of its first line). */
function readFront(yaml: string, offset: number, file: string): FrontMatter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter });
  if (doc.errors.length > 0) {
    const error = doc.errors[0] as { message: string; linePos?: [{ line: number }] };
    throw new BriefError(`front matter is not valid YAML: ${error.message.split("\n")[0]}`, {
      place: { file, line: (error.linePos?.[0].line ?? 1) + offset - 1 },
      hint: "fix the YAML between the --- lines",
    });
  }
  const result = FrontMatterSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    const issue = result.error.issues[0] as z.ZodIssue;
    const line = (lineOf(doc, lineCounter, issue.path) ?? 1) + offset - 1;
    throw new BriefError(`front matter: ${issue.path.join(".") || "(root)"}: ${issue.message}`, {
      place: { file, line },
      hint: "see the front matter keys in README.md",
    });
  }
  return result.data;
}

const FRONT = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/u;

/** A very large source: plain paragraphs taken as they are, the rest parsed (see plain.ts). */
function parseLarge(text: string, file: string): ParsedSource | undefined {
  const m = FRONT.exec(text);
  const head = m ? m[0] : "";
  const bodyLine = head.split("\n").length - (head.endsWith("\n") ? 0 : 1);
  const pieces = plainPieces(text.slice(head.length), m ? bodyLine : 1);
  if (!pieces) return undefined;
  const front = m ? readFront(m[1] as string, 2, file) : emptyFront();
  const blocks: BodyBlock[] = [];
  for (const piece of pieces) {
    if (piece.plain) {
      blocks.push({ type: "paragraph", depth: 0, text: piece.text, line: piece.line });
      continue;
    }
    const parsed: BodyBlock[] = [];
    collect((processor.parse(piece.markdown) as Root).children, parsed);
    for (const b of parsed) blocks.push({ ...b, line: b.line + piece.line - 1 });
  }
  return { front, blocks };
}
