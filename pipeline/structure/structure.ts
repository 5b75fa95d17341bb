/**
 * The structure stage: a Markdown source becomes a brief model — sections with kinds, key points,
 * key figures and cited documents, each carrying the paragraph it came from.
 * @module
 */
import { BriefError } from "../errors.js";
import { classifyParagraphs, classifySection, type Decision } from "./classify.js";
import type { Cues, Lang } from "./cues.js";
import { findFigures } from "./figures.js";
import type { BriefModel, Message, Point, Section } from "./model.js";
import { type BodyBlock, type FrontMatter, parseSource } from "./parse.js";
import { rankPoints } from "./points.js";
import { findReferences } from "./references.js";
import { splitSentences } from "./sentences.js";

/** How many candidate points each section keeps in brief.json (audiences pick from them). */
export const MAX_POINTS = 8;

/** Options of the structure stage. */
export interface StructureOptions {
  cues: Cues;
}

/** One decision, for `--explain`. */
export interface ExplainEntry {
  heading: string | null;
  /** Paragraph indexes the decision covers. */
  paragraphs: number[];
  preview: string;
  decision: Decision;
}

/** A heading as the structure stage read it, before the paragraph with index `paragraph`. */
export interface OutlineHeading {
  text: string;
  paragraph: number;
}

/** The result of structuring one source. */
export interface Structured {
  model: BriefModel;
  explain: ExplainEntry[];
  /** Every heading of the body (with or without text of its own), in reading order. */
  outline: OutlineHeading[];
}

/** Detects the language: Chinese when Han characters make up a fifth of the letters. */
export function detectLang(text: string): Lang {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return han > 0 && han * 5 >= han + latin ? "zh" : latin > 0 ? "en" : "zh";
}

interface RawSection {
  heading: string | null;
  parentHeading?: string;
  depth: number;
  paragraphs: string[];
  first: number;
}

function groupSections(blocks: BodyBlock[]): RawSection[] {
  const sections: RawSection[] = [];
  let paragraphIndex = 0;
  let current: RawSection | undefined;
  for (const block of blocks) {
    if (block.type === "heading") {
      current = { heading: block.text, depth: block.depth, paragraphs: [], first: paragraphIndex };
      sections.push(current);
    } else {
      if (!current) {
        current = { heading: null, depth: 0, paragraphs: [], first: paragraphIndex };
        sections.push(current);
      }
      current.paragraphs.push(block.text);
      paragraphIndex++;
    }
  }
  // A heading with no text of its own (一、 followed by （一）) lends its words to the sections under it.
  const out: RawSection[] = [];
  let parent: RawSection | undefined;
  for (const s of sections) {
    if (s.paragraphs.length === 0) {
      parent = s;
      continue;
    }
    if (parent?.heading && s.depth > parent.depth) s.parentHeading = parent.heading;
    else parent = undefined;
    out.push(s);
  }
  return out;
}

const THESIS =
  /因此|为此|应当|应该|应(?![运对用急])|需要|必须|亟需|关键在于|核心在于|\bshould\b|\bmust\b|\bneed to\b|\btherefore\b/iu;
const REPORTED = /表示|认为|指出|强调|提出|\bsaid\b|\bargued?\b/iu;
const tooShort = (text: string, lang: Lang) =>
  lang === "en" ? text.split(/\s+/).length < 8 : [...text].length < 20;

/**
 * The bottom line: the lead's sentence that best states the thesis — one with a thesis marker
 * (因此/应/需要, should/must) preferred, then the lead's last sentence; sentences over 160 characters
 * only when nothing shorter exists.
 */
export function findBottomLine(sections: readonly Section[], lang: Lang): Point | null {
  const lead = sections[0];
  if (!lead) return null;
  const headed = sections.some((s) => s.heading !== null);
  const paragraphs = lead.heading === null && headed ? lead.paragraphs : lead.paragraphs.slice(0, 1);
  const candidates = paragraphs.flatMap((p, i) =>
    splitSentences(p, lang).map((s, k, all) => ({
      text: s.text,
      paragraph: lead.firstParagraph + i,
      score:
        (THESIS.test(s.text) ? 2 : 0) +
        (REPORTED.test(s.text) ? 1 : 0) +
        (i === paragraphs.length - 1 && k === all.length - 1 ? 1.5 : 0) +
        (k === 0 ? 0.3 : 0) -
        ([...s.text].length > 160 ? 5 : 0) -
        (tooShort(s.text, lang) ? 3 : 0),
    })),
  );
  const best = candidates.sort((a, b) => b.score - a.score || a.paragraph - b.paragraph)[0];
  return best ? { text: best.text, paragraph: best.paragraph } : null;
}

/** The title: front matter, else the first `#` heading (taken out of the body). */
function takeTitle(front: FrontMatter, blocks: BodyBlock[], file: string): string {
  if (front.title) return front.title;
  const h1 = blocks.findIndex((b) => b.type === "heading" && b.depth === 1);
  if (h1 !== -1) return (blocks.splice(h1, 1)[0] as BodyBlock).text;
  throw new BriefError("the source has no title", {
    place: { file, line: 1 },
    hint: "add `title:` to the front matter, or a `# Title` line",
  });
}

/** An unheaded article: each paragraph classified, runs of one kind joined into sections. */
function unheadedSections(paragraphs: string[], lang: Lang, cues: Cues, explain: ExplainEntry[]): Section[] {
  const sections: Section[] = [];
  classifyParagraphs(paragraphs, lang, cues).forEach((decision, i) => {
    const text = paragraphs[i] as string;
    explain.push({ heading: null, paragraphs: [i], preview: text, decision });
    const last = sections[sections.length - 1];
    if (last && last.kind === decision.kind) last.paragraphs.push(text);
    else
      sections.push({
        kind: decision.kind,
        heading: null,
        paragraphs: [text],
        firstParagraph: i,
        points: [],
      });
  });
  return sections;
}

/** A headed article: each section classified by its heading, its parent's heading and its text. */
function headedSections(
  raw: ReturnType<typeof groupSections>,
  lang: Lang,
  cues: Cues,
  explain: ExplainEntry[],
) {
  return raw.map((s, index): Section => {
    const decision = classifySection(
      {
        heading: s.heading,
        parentHeading: s.parentHeading,
        paragraphs: s.paragraphs,
        lead: s.heading === null,
        opening: index === 0 && s.heading !== null,
      },
      lang,
      cues,
    );
    const paragraphs = s.paragraphs.map((_, i) => s.first + i);
    explain.push({ heading: s.heading, paragraphs, preview: s.paragraphs[0] ?? "", decision });
    return {
      kind: decision.kind,
      heading: s.heading,
      paragraphs: s.paragraphs,
      firstParagraph: s.first,
      points: [],
    };
  });
}

const NO_STRUCTURE: Omit<Message, "file"> = {
  level: "warning",
  rule: "no-structure",
  reason:
    "no headings and no cue words: every paragraph is context or other; the brief will be a plain summary",
};

/**
 * Structures one Markdown source.
 * @param text the source's decoded text
 * @param file its path (for messages)
 * @param slug the article's slug
 * @param options cues
 * @throws BriefError when the source has no title or no paragraph
 */
export function structureSource(
  text: string,
  file: string,
  slug: string,
  options: StructureOptions,
): Structured {
  const { front, blocks } = parseSource(text, file);
  const title = takeTitle(front, blocks, file);
  const paragraphs = blocks.filter((b) => b.type === "paragraph").map((b) => b.text);
  if (paragraphs.length === 0)
    throw new BriefError("the source has no paragraphs", {
      place: { file },
      hint: "add the article's text below the front matter",
    });
  const lang: Lang = front.lang ?? detectLang(paragraphs.join(""));
  const raw = groupSections(blocks);
  const explain: ExplainEntry[] = [];
  const headed = raw.some((s) => s.heading !== null);
  const sections = headed
    ? headedSections(raw, lang, options.cues, explain)
    : unheadedSections(paragraphs, lang, options.cues, explain);
  const messages: Message[] =
    !headed && sections.every((s) => s.kind === "context" || s.kind === "other")
      ? [{ ...NO_STRUCTURE, file }]
      : [];
  for (const section of sections)
    section.points = rankPoints(section.paragraphs, section.firstParagraph, lang)
      .slice(0, MAX_POINTS)
      .sort((a, b) => a.paragraph - b.paragraph);
  const model: BriefModel = {
    slug,
    title,
    ...(front.subtitle ? { subtitle: front.subtitle } : {}),
    authors: front.authors,
    ...(front.column ? { column: front.column } : {}),
    ...(front.date ? { date: front.date } : {}),
    ...(front.authorNote ? { authorNote: front.authorNote } : {}),
    ...(front.fundingNote ? { fundingNote: front.fundingNote } : {}),
    notes: front.notes,
    source: file,
    ...(front.source ? { origin: front.source } : {}),
    lang,
    bottomLine: findBottomLine(sections, lang),
    sections,
    keyFigures: findFigures(paragraphs, lang),
    references: findReferences(paragraphs),
    messages,
  };
  const outline: OutlineHeading[] = [];
  let n = 0;
  for (const b of blocks) {
    if (b.type === "heading") outline.push({ text: b.text, paragraph: n });
    else n++;
  }
  return { model, explain, outline };
}
