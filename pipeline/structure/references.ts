/**
 * Cited documents: every title in 《》 (or 〈〉) becomes a reference, once, at its first paragraph.
 * @module
 */
import type { Reference } from "./model.js";

/**
 * Finds the documents an article cites.
 * @param paragraphs all body paragraphs in reading order
 */
export function findReferences(paragraphs: readonly string[]): Reference[] {
  const refs: Reference[] = [];
  const seen = new Set<string>();
  paragraphs.forEach((p, paragraph) => {
    for (const m of p.matchAll(/《([^《》]{1,120})》/gu)) {
      const title = (m[1] as string).trim();
      if (title === "" || seen.has(title)) continue;
      seen.add(title);
      refs.push({ title, paragraph });
    }
  });
  return refs;
}
