/**
 * The ingest stage: a raw page (plain text, several articles) or a clean Markdown file becomes one
 * Markdown source per article.
 * @module
 */
import { readFile } from "node:fs/promises";
import { basename, extname, join, relative } from "node:path";
import { BriefError } from "../errors.js";
import { writeFileAtomic } from "../write/atomic.js";
import { decode } from "./decode.js";
import { toMarkdown } from "./markdown.js";
import { splitPage } from "./split.js";

/** One source produced by the ingest. */
export interface IngestedSource {
  /** File name stem, also the article's slug in `dist/`. */
  slug: string;
  title: string;
  markdown: string;
  /** Paragraph blocks that were joined to repair column breaks. */
  joins: number;
}

/** True when text is already a Markdown source: front matter, or Markdown headings. */
export function isMarkdown(file: string, text: string): boolean {
  return /\.(md|markdown)$/i.test(file) || text.startsWith("---\n") || /^#{1,3} \S/m.test(text);
}

/**
 * Reads a page or Markdown file into sources without writing anything.
 * @param file the input's path
 * @param root the project root, for the `source:` path recorded in front matter
 * @throws BriefError when the file is empty, binary or holds no article
 */
export async function ingestFile(file: string, root = process.cwd()): Promise<IngestedSource[]> {
  const { text } = decode(await readFile(file), file);
  const stem = basename(file, extname(file));
  if (isMarkdown(file, text)) {
    const title = /^title:\s*(.+)$/m.exec(text)?.[1] ?? /^#\s+(.+)$/m.exec(text)?.[1] ?? stem;
    return [{ slug: stem, title: title.replace(/^["']|["']$/g, ""), markdown: text, joins: 0 }];
  }
  const articles = splitPage(text);
  const withBody = articles.filter((a) => a.body.some((e) => e.type === "paragraph"));
  if (withBody.length === 0) {
    throw new BriefError("no article found: the page has no paragraphs of text", {
      place: { file },
      hint: "give a page with a title line and paragraphs separated by blank lines",
    });
  }
  const rel = relative(root, file).split("\\").join("/");
  return withBody.map((article, i) => ({
    slug: withBody.length === 1 ? stem : `${stem}-${i + 1}`,
    title: article.title,
    markdown: toMarkdown(article, `${rel}:${article.line}`),
    joins: article.body.reduce((n, e) => n + e.parts - 1, 0),
  }));
}

/**
 * Ingests a file and writes its sources into `outDir` atomically.
 * @param file the page or Markdown file
 * @param outDir the sources folder (default `sources/`)
 * @returns the written paths
 */
export async function ingest(file: string, outDir: string, root = process.cwd()): Promise<string[]> {
  const sources = await ingestFile(file, root);
  const written: string[] = [];
  for (const source of sources) {
    const path = join(outDir, `${source.slug}.md`);
    await writeFileAtomic(path, source.markdown);
    written.push(path);
  }
  return written;
}
