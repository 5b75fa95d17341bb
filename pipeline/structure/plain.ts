/**
 * Reading a very large Markdown body fast: most of a long article is plain paragraphs, which need no
 * Markdown parser. The body is cut at blank lines; a block with no Markdown syntax at all becomes a
 * paragraph as it is, and the runs of other blocks go through the parser. Used only for bodies over
 * 256 KB without constructs that span blank lines (code fences, HTML comments or raw blocks, link
 * reference definitions); everything else is parsed whole.
 * @module
 */

/** Bodies at least this long are read block by block. */
export const LARGE = 256 * 1024;

/** Constructs that may span blank lines or reach across blocks: a body with them is parsed whole. */
const SPANNING = /```|~~~|<!--|<\?|<!\[CDATA\[|<(script|pre|style|textarea)\b|^ {0,3}\[[^\]\n]+\]:/imu;
/** Characters that may be Markdown syntax inside a block. */
const SYNTAX = /[\\`*_[\]<>&|#~]/u;
/** Line starts that open a block other than a paragraph: indent, list item, quote, setext rule. */
const BLOCK_START = /^([ \t]|[-+*][ \t]|\d{1,9}[.)]([ \t]|$)|[=-]+[ \t]*$)/mu;

/** A piece of the body: a plain paragraph, or Markdown to parse; `line` is 1-based in the source. */
export type Piece =
  | { plain: true; text: string; line: number }
  | { plain: false; markdown: string; line: number };

/** True when a block is a paragraph with no Markdown syntax in it. */
export function isPlainBlock(block: string): boolean {
  return !SYNTAX.test(block) && !BLOCK_START.test(block);
}

/**
 * Cuts a large body into plain paragraphs and runs of Markdown, or returns undefined when the body
 * must be parsed whole (too short, or it holds constructs that span blank lines).
 * @param body the Markdown body (after front matter)
 * @param firstLine the body's first line in the source (1-based)
 */
export function plainPieces(body: string, firstLine: number): Piece[] | undefined {
  if (body.length < LARGE || SPANNING.test(body)) return undefined;
  const pieces: Piece[] = [];
  let run: { from: number; to: number; line: number } | undefined;
  const flush = () => {
    if (run) pieces.push({ plain: false, markdown: body.slice(run.from, run.to), line: run.line });
    run = undefined;
  };
  const separator = /\n(?:[ \t]*\n)+/gu;
  let from = 0;
  let line = firstLine;
  for (;;) {
    const m = separator.exec(body);
    const to = m ? m.index : body.length;
    const block = body.slice(from, to);
    const lead = /^\s*/u.exec(block)?.[0] ?? "";
    const at = line + (lead.match(/\n/gu)?.length ?? 0);
    if (block.trim() !== "") {
      if (isPlainBlock(block.trim())) {
        flush();
        pieces.push({ plain: true, text: block.trim().replace(/\s*\n\s*/gu, " "), line: at });
      } else if (run) run.to = to;
      else run = { from, to, line };
    }
    if (!m) break;
    line += (block.match(/\n/gu)?.length ?? 0) + (m[0].match(/\n/gu)?.length ?? 0);
    from = m.index + m[0].length;
  }
  flush();
  return pieces;
}
