/**
 * Lines of YAML nodes, so a problem found in parsed data points at its own line in the file.
 * @module
 */
import { type Document, isNode, type LineCounter } from "yaml";

/**
 * The 1-based line of the node at a path in a YAML document: the value's line, or the key's when the
 * value is missing or null, or the nearest ancestor's when the path does not exist.
 * @param doc the parsed document
 * @param counter the line counter it was parsed with
 * @param path keys and indexes from the root
 */
export function lineOf(
  doc: Document,
  counter: LineCounter,
  path: readonly (string | number)[],
): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    const parent = n === 0 ? undefined : n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    const items = (parent as { items?: { key?: { value?: unknown; range?: number[] } }[] } | undefined)
      ?.items;
    const pair = items?.find((p) => p.key?.value === path[n - 1]);
    if (pair?.key?.range) return counter.linePos(pair.key.range[0] as number).line;
  }
  return undefined;
}
