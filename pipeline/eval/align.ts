/**
 * Lines the gold labels up with what the structure stage made of an article, paragraph by paragraph:
 * each body paragraph gets the gold kinds of the heading it stands under (headed articles) or its own
 * (unheaded ones). Headings are matched by normalised text, in order; a gold heading the pipeline
 * did not find as a heading makes every paragraph under it a miss. A gold paragraph the pipeline read
 * as front matter (a title, a note, a byline or date line) is given *other*, the kind of front matter.
 * @module
 */
import { readDateLine } from "../ingest/dates.js";
import type { SectionKind } from "../structure/model.js";
import type { Structured } from "../structure/structure.js";
import type { GoldArticle } from "./corpus.js";

/** A heading or a paragraph (with the kind it was given), in reading order. */
export type Item =
  | { type: "heading"; text: string }
  | { type: "paragraph"; text: string; kind: SectionKind | undefined; index: number };

/** One scored paragraph. */
export interface Unit {
  label: string;
  /** The paragraph's text (empty when it was not found in the body). */
  text: string;
  /** The kind the pipeline gave, or undefined when the paragraph (or its heading) was not found. */
  predicted: SectionKind | undefined;
  kinds: SectionKind[];
  /** Why a unit has no prediction: its heading was read as a paragraph, or its text was not found. */
  lost?: "heading-not-found" | "paragraph-not-found" | "article-failed";
}

/** What aligning one article gave. */
export interface Alignment {
  units: Unit[];
  /** Gold headings found nowhere in the text (their paragraphs go to the heading before). */
  unlocated: string[];
}

/** Normalises text for matching: width, case, spaces and Markdown marks do not matter. */
export function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s*_#`\\>|]/gu, "")
    .replace(/[。.:：]$/u, "");
}

/**
 * The items of structured sources in reading order; sources after the first (articles of one page)
 * start with their title as a heading.
 */
export function itemsOf(results: readonly Pick<Structured, "model" | "outline">[]): Item[] {
  const items: Item[] = [];
  let index = 0;
  results.forEach((r, k) => {
    if (k > 0) items.push({ type: "heading", text: r.model.title });
    const kinds = r.model.sections.flatMap((s) => s.paragraphs.map(() => s.kind));
    const texts = r.model.sections.flatMap((s) => s.paragraphs);
    const headingsAt = new Map<number, string[]>();
    for (const h of r.outline) headingsAt.set(h.paragraph, [...(headingsAt.get(h.paragraph) ?? []), h.text]);
    texts.forEach((text, i) => {
      for (const h of headingsAt.get(i) ?? []) items.push({ type: "heading", text: h });
      items.push({ type: "paragraph", text, kind: kinds[i] as SectionKind, index: index++ });
    });
    for (const h of headingsAt.get(texts.length) ?? []) items.push({ type: "heading", text: h });
  });
  return items;
}

function headingMatches(gold: string, item: Item): boolean {
  const a = normalise(gold);
  const b = normalise(item.text);
  if (a === "" || b === "") return false;
  if (item.type === "paragraph") return b.startsWith(a);
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.startsWith(short) && short.length * 2 >= long.length;
}

/** Where each gold heading is among the items: [position, found as a heading?] or undefined. */
function locateHeadings(items: Item[], headings: string[]): ([number, boolean] | undefined)[] {
  let from = 0;
  return headings.map((h) => {
    const at = items.findIndex((item, i) => i >= from && headingMatches(h, item));
    if (at === -1) return undefined;
    from = at + 1;
    return [at, items[at]?.type === "heading"];
  });
}

function alignHeaded(items: Item[], sections: NonNullable<GoldArticle["sections"]>): Alignment {
  const named = sections.filter((s) => s.heading !== null);
  const lead = sections.find((s) => s.heading === null);
  const places = locateHeadings(
    items,
    named.map((s) => s.heading as string),
  );
  const unlocated = named.filter((_, k) => places[k] === undefined).map((s) => s.heading as string);
  const units: Unit[] = [];
  let current: { label: string; kinds: SectionKind[]; found: boolean } | undefined = lead
    ? { label: "(lead)", kinds: lead.kinds, found: true }
    : undefined;
  const starts = new Map<number, number>();
  places.forEach((p, k) => {
    if (p) starts.set(p[0], k);
  });
  items.forEach((item, i) => {
    const k = starts.get(i);
    if (k !== undefined) {
      const s = named[k] as (typeof named)[number];
      current = { label: s.heading as string, kinds: s.kinds, found: (places[k] as [number, boolean])[1] };
      return;
    }
    if (item.type !== "paragraph" || !current) return;
    const label = `${current.label} ¶${item.index + 1}`;
    const base = { label, text: item.text, kinds: current.kinds };
    if (!item.kind) units.push({ ...base, predicted: undefined, lost: "article-failed" });
    else if (current.found) units.push({ ...base, predicted: item.kind });
    else units.push({ ...base, predicted: undefined, lost: "heading-not-found" });
  });
  return { units, unlocated };
}

/** A structured source as the alignment reads it (the body's lines read as front matter when known). */
export type Read = Pick<Structured, "model" | "outline"> & Partial<Pick<Structured, "frontLines">>;

/** What the articles' front matter holds: title, notes and the like, the authors, the dates. */
interface Front {
  texts: string[];
  authors: string[];
  dates: string[];
}

/** The front matter of structured sources. */
function frontOf(results: readonly Read[]): Front {
  const models = results.map((r) => r.model);
  return {
    texts: models
      .flatMap((m) => [m.title, m.subtitle, m.column, m.authorNote, m.fundingNote, ...m.notes])
      .concat(results.flatMap((r) => r.frontLines ?? []))
      .flatMap((t) => (t ? [normalise(t)] : [])),
    authors: models.flatMap((m) => m.authors.map(normalise)),
    dates: models.flatMap((m) => (m.date ? [m.date] : [])),
  };
}

/**
 * True when a gold paragraph not found in the body was read as front matter: it starts a title or a
 * note, it names an author, or it is a date line of the article's date.
 */
function inFront(want: string, text: string, front: Front): boolean {
  const date = readDateLine(text)?.date;
  return (
    front.texts.some((t) => t.startsWith(want) || (want.startsWith(t) && t.length >= 2)) ||
    (want.length <= 40 &&
      front.authors.some((a) => a.length >= 2 && (want.includes(a) || a.startsWith(want)))) ||
    (date !== undefined && front.dates.includes(date))
  );
}

function alignUnheaded(
  items: Item[],
  paragraphs: NonNullable<GoldArticle["paragraphs"]>,
  front: Front,
): Alignment {
  const texts = items.flatMap((item) => (item.type === "paragraph" ? [item] : []));
  let from = 0;
  const units = paragraphs.map((g, k): Unit => {
    const want = normalise(g.startsWith);
    const label = `¶${k + 1} ${g.startsWith}`;
    if (want === "")
      return { label, text: "", predicted: undefined, kinds: g.kinds, lost: "paragraph-not-found" };
    const at = texts.findIndex((p, i) => i >= from && normalise(p.text).startsWith(want));
    if (at !== -1) {
      from = at + 1;
      const kind = texts[at]?.kind;
      const text = texts[at]?.text ?? "";
      return {
        label,
        text,
        predicted: kind,
        kinds: g.kinds,
        ...(kind ? {} : { lost: "article-failed" as const }),
      };
    }
    // Joined into the paragraph before it: it is placed where that paragraph is.
    const inside = texts.find((p, i) => i >= Math.max(0, from - 1) && normalise(p.text).includes(want));
    if (inside) return { label, text: inside.text, predicted: inside.kind, kinds: g.kinds };
    // Read as front matter (a title, a note, a byline, a date line): what the brief calls *other*. Its
    // text stays empty: no body paragraph, nothing the classifier trains on.
    if (inFront(want, g.startsWith, front)) return { label, text: "", predicted: "other", kinds: g.kinds };
    return { label, text: "", predicted: undefined, kinds: g.kinds, lost: "paragraph-not-found" };
  });
  return { units, unlocated: [] };
}

/**
 * Aligns an article's gold labels with the pipeline's reading of it.
 * @param results the structured sources of the article, in reading order
 * @param gold the labels
 */
export function align(results: readonly Read[], gold: GoldArticle): Alignment {
  const items = itemsOf(results);
  if (gold.sections) return alignHeaded(items, gold.sections);
  return alignUnheaded(items, gold.paragraphs ?? [], frontOf(results));
}
