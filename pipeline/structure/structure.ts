/**
 * The structure stage: a Markdown source becomes a brief model — sections with kinds, key points,
 * key figures and cited documents, each carrying the paragraph it came from.
 * @module
 */
import { BriefError } from "../errors.js";
import { type Classifier, loadClassifier } from "./classifier.js";
import { type ClassifyContext, classifyHeaded, classifyParagraphs, type Decision } from "./classify.js";
import type { Cues, Lang } from "./cues.js";
import { findFigures } from "./figures.js";
import type { BriefModel, Message, Point, Section } from "./model.js";
import { type Outline, readOutline } from "./outline.js";
import { parseSource } from "./parse.js";
import { rankPoints } from "./points.js";
import { findReferences } from "./references.js";
import { splitSentences } from "./sentences.js";
import { scriptCounts } from "./signals.js";

/** How many candidate points each section keeps in brief.json (audiences pick from them). */
export const MAX_POINTS = 8;

/** Options of the structure stage. */
export interface StructureOptions {
  cues: Cues;
  /** The trained classifier (default: the shipped `classifier.json`). */
  classifier?: Classifier;
}

/** One decision, for `--explain`. */
export interface ExplainEntry {
  heading: string | null;
  /** The heading's level in the tree (0 for the top; the lead and paragraphs have none). */
  level?: number;
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
  /** The body's top lines read as front matter (byline, date, source line), as written. */
  frontLines: string[];
}

/** Detects the language: Chinese when Han characters make up a fifth of the letters. */
export function detectLang(text: string): Lang {
  const { han, latin } = scriptCounts(text, 200_000);
  return han > 0 && han * 5 >= han + latin ? "zh" : latin > 0 ? "en" : "zh";
}

const THESIS =
  /因此|为此|应当|应该|应(?![运对用急])|需要|必须|亟需|关键在于|核心在于|\bshould\b|\bmust\b|\bneed to\b|\btherefore\b/iu;
const REPORTED = /表示|认为|指出|强调|提出|\bsaid\b|\bargued?\b/iu;
const tooShort = (text: string, lang: Lang) =>
  lang === "en" ? text.split(/\s+/).length < 8 : [...text].length < 20;

/**
 * The bottom line: the lead's sentence (the lead: the first section that is not front matter) that
 * best states the thesis — one with a thesis marker (因此/应/需要, should/must) preferred, then the
 * lead's last sentence; sentences over 160 characters, questions and sentences ending in a colon only
 * when nothing else exists. A lead's opening lines that end in a colon (an addressee) are skipped.
 */
export function findBottomLine(sections: readonly Section[], lang: Lang): Point | null {
  // Front matter (a report line, an abstract heading's block) is not where the thesis is.
  const lead = sections.find((s) => s.kind !== "other") ?? sections[0];
  if (!lead) return null;
  const headed = sections.some((s) => s.heading !== null);
  // An addressee or salutation line (各位代表：, 国务院各部委：) opens the text but says nothing.
  const opening = Math.max(
    0,
    lead.paragraphs.findIndex((p) => !/[：:]\s*$/u.test(p)),
  );
  const paragraphs =
    lead.heading === null && headed
      ? lead.paragraphs.slice(opening)
      : lead.paragraphs.slice(opening, opening + 1);
  const candidates = paragraphs.flatMap((p, i) =>
    splitSentences(p, lang).map((s, k, all) => ({
      text: s.text,
      paragraph: lead.firstParagraph + opening + i,
      score:
        (THESIS.test(s.text) ? 2 : 0) +
        (REPORTED.test(s.text) ? 1 : 0) +
        (i === paragraphs.length - 1 && k === all.length - 1 ? 1.5 : 0) +
        (k === 0 ? 0.3 : 0) -
        ([...s.text].length > 160 ? 5 : 0) -
        (tooShort(s.text, lang) ? 3 : 0) -
        // A question asks; a sentence ending in a colon announces what follows.
        (/[？?][”"’]?$|[：:]$/u.test(s.text) ? 3 : 0),
    })),
  );
  const best = candidates.sort((a, b) => b.score - a.score || a.paragraph - b.paragraph)[0];
  return best ? { text: best.text, paragraph: best.paragraph } : null;
}

/** An unheaded article: each paragraph classified, runs of one kind joined into sections. */
function unheadedSections(paragraphs: string[], ctx: ClassifyContext, explain: ExplainEntry[]): Section[] {
  const sections: Section[] = [];
  classifyParagraphs(paragraphs, ctx).forEach((decision, i) => {
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

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** A headed article: the lead, then each heading with text of its own as a section. */
function headedSections(outline: Outline, ctx: ClassifyContext, explain: ExplainEntry[]): Section[] {
  const { lead, headings } = classifyHeaded(outline, ctx);
  const sections: Section[] = [];
  if (lead) {
    const paragraphs = outline.paragraphs.slice(0, outline.lead);
    explain.push({
      heading: null,
      paragraphs: range(0, outline.lead),
      preview: paragraphs[0] ?? "",
      decision: lead,
    });
    sections.push({ kind: lead.kind, heading: null, paragraphs, firstParagraph: 0, points: [] });
  }
  outline.headings.forEach((h, i) => {
    const decision = headings[i] as Decision;
    const paragraphs = outline.paragraphs.slice(h.first, h.first + h.count);
    explain.push({
      heading: h.text,
      level: h.level,
      paragraphs: range(h.first, h.count),
      preview: paragraphs[0] ?? "",
      decision,
    });
    if (h.count > 0)
      sections.push({
        kind: decision.kind,
        heading: h.text,
        paragraphs,
        firstParagraph: h.first,
        points: [],
      });
  });
  return sections;
}

const NO_STRUCTURE: Omit<Message, "file"> = {
  level: "warning",
  rule: "no-structure",
  reason:
    "no headings and no cue words: the kinds rest on the trained classifier and the paragraphs' order alone",
};

/** True when a decision had at least one cue word (not only priors and the model). */
const hasCueWord = (e: ExplainEntry) =>
  Object.values(e.decision.cues).some((list) => list.some((c) => !c.startsWith("(")));

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
  const outline = readOutline(front, blocks, file);
  const { title, paragraphs } = outline;
  const read = outline.front;
  if (paragraphs.length === 0)
    throw new BriefError("the source has no paragraphs", {
      place: { file },
      hint: "add the article's text below the front matter",
    });
  const lang: Lang = front.lang ?? detectLang(paragraphs.join(""));
  const ctx: ClassifyContext = {
    lang,
    cues: options.cues,
    classifier: options.classifier ?? loadClassifier(),
  };
  const explain: ExplainEntry[] = [];
  const headed = outline.headings.length > 0;
  const sections = headed
    ? headedSections(outline, ctx, explain)
    : unheadedSections(paragraphs, ctx, explain);
  const messages: Message[] = !headed && !explain.some(hasCueWord) ? [{ ...NO_STRUCTURE, file }] : [];
  for (const section of sections)
    section.points = rankPoints(section.paragraphs, section.firstParagraph, lang)
      .slice(0, MAX_POINTS)
      .sort((a, b) => a.paragraph - b.paragraph);
  const model: BriefModel = {
    slug,
    title,
    ...((front.subtitle ?? read.subtitle) ? { subtitle: front.subtitle ?? read.subtitle } : {}),
    authors: front.authors.length > 0 ? front.authors : read.authors,
    ...((front.column ?? read.column) ? { column: front.column ?? read.column } : {}),
    ...((front.date ?? read.date) ? { date: front.date ?? read.date } : {}),
    ...(front.authorNote ? { authorNote: front.authorNote } : {}),
    ...(front.fundingNote ? { fundingNote: front.fundingNote } : {}),
    notes: [...front.notes, ...read.notes],
    source: file,
    ...(front.source ? { origin: front.source } : {}),
    ...(front.fetched ? { fetchedAt: front.fetched } : {}),
    lang,
    bottomLine: findBottomLine(sections, lang),
    sections,
    keyFigures: findFigures(paragraphs, lang),
    references: findReferences(paragraphs),
    messages,
  };
  return {
    model,
    explain,
    outline: outline.headings.map((h) => ({ text: h.text, paragraph: h.first })),
    frontLines: read.lines,
  };
}
