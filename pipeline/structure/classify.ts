/**
 * Gives each section (or, in an unheaded article, each paragraph) a kind: the heading's cues first,
 * then the paragraphs' own signals, with a small prior for the lead. Every decision keeps its scores
 * and the cues that made it, for `brief structure --explain`.
 * @module
 */
import { CUED_KINDS, type Cue, type CuedKind, type Cues, type Lang } from "./cues.js";
import type { SectionKind } from "./model.js";

/** Scores per kind and the cues that contributed. */
export interface Evidence {
  scores: Record<CuedKind, number>;
  cues: Record<CuedKind, string[]>;
}

/** A kind decision with its evidence. */
export interface Decision extends Evidence {
  kind: SectionKind;
}

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
const MAX_PER_CUE = 3;
/** Below this best score nothing is decided by cues. */
const MIN_SCORE = 1;
/** Weight of the heading against the paragraphs' average. */
const HEADING_FACTOR = 2;
/** Prior for the lead (text before the first heading, or an unheaded article's first paragraph). */
const LEAD_PRIOR = 3;
/** Prior for the first section when the article starts with a heading. */
const OPENING_PRIOR = 1.5;

function emptyEvidence(): Evidence {
  return {
    scores: { context: 0, achievements: 0, challenges: 0, recommendations: 0 },
    cues: { context: [], achievements: [], challenges: [], recommendations: [] },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const regexCache = new Map<string, RegExp>();
function wordRegex(word: string): RegExp {
  let re = regexCache.get(word);
  if (!re) {
    re = new RegExp(`\\b${escapeRegExp(word)}\\b`, "gi");
    regexCache.set(word, re);
  }
  return re;
}

/** Counts occurrences of a cue in text (tokens for one-character Chinese cues), capped. */
function countCue(
  text: string,
  lower: string,
  tokens: Set<string> | Map<string, number>,
  lang: Lang,
  word: string,
): number {
  if (lang === "en") return Math.min(MAX_PER_CUE, lower.match(wordRegex(word))?.length ?? 0);
  if (ORDINAL.test(word)) return Math.min(MAX_PER_CUE, text.match(ordinalRegex(word))?.length ?? 0);
  if ([...word].length === 1) return Math.min(MAX_PER_CUE, (tokens as Map<string, number>).get(word) ?? 0);
  let n = 0;
  let at = text.indexOf(word);
  while (at !== -1 && n < MAX_PER_CUE) {
    // A negated cue (不需要, 无需, 未取得) says the opposite.
    if (!NEGATION.test(text[at - 1] ?? "")) n++;
    at = text.indexOf(word, at + word.length);
  }
  return n;
}

/** Enumeration words count only where they lead a clause (第三，… but not 第三届). */
const ORDINAL = /^(第[一二三四五六七八九十]+|[一二三四五六七八九十]是|首先|其次|再次|最后|此外)$/u;
const NEGATION = /[不无没未非]/u;
function ordinalRegex(word: string): RegExp {
  let re = regexCache.get(`ordinal:${word}`);
  if (!re) {
    re = new RegExp(`(?:^|[。；：，\\s])${word}(?:[，,、：:]|(?<=是))`, "gu");
    regexCache.set(`ordinal:${word}`, re);
  }
  return re;
}

function tokenCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let previous = "";
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike && !NEGATION.test(previous.slice(-1)))
      counts.set(s.segment, (counts.get(s.segment) ?? 0) + 1);
    previous = s.segment;
  }
  return counts;
}

/**
 * Scores a text against the cue lists.
 * @param text a heading or paragraph
 * @param lang the article's language
 * @param cues the loaded cues
 * @param lists which lists apply: `heading` for headings, `text` and `weak` for paragraphs
 */
export function scoreText(
  text: string,
  lang: Lang,
  cues: Cues,
  lists: readonly ("heading" | "text" | "weak")[],
): Evidence {
  const evidence = emptyEvidence();
  const lower = text.toLowerCase();
  const tokens = lang === "zh" ? tokenCounts(text) : new Map<string, number>();
  for (const kind of CUED_KINDS) {
    for (const list of lists) {
      for (const cue of cues[kind][lang][list] as Cue[]) {
        const n = countCue(text, lower, tokens, lang, cue.word);
        if (n > 0) {
          evidence.scores[kind] += n * cue.weight;
          evidence.cues[kind].push(n > 1 ? `${cue.word}×${n}` : cue.word);
        }
      }
    }
  }
  return evidence;
}

function combine(parts: { evidence: Evidence; factor: number }[]): Evidence {
  const out = emptyEvidence();
  for (const { evidence, factor } of parts) {
    for (const kind of CUED_KINDS) {
      out.scores[kind] += evidence.scores[kind] * factor;
      out.cues[kind].push(...evidence.cues[kind]);
    }
  }
  for (const kind of CUED_KINDS) out.scores[kind] = Math.round(out.scores[kind] * 100) / 100;
  return out;
}

function decide(evidence: Evidence, fallback: SectionKind): Decision {
  let best: CuedKind | undefined;
  for (const kind of CUED_KINDS) {
    if (
      evidence.scores[kind] >= MIN_SCORE &&
      (best === undefined || evidence.scores[kind] > evidence.scores[best])
    )
      best = kind;
  }
  return { kind: best ?? fallback, ...evidence };
}

/**
 * Decides a section's kind from its heading (and its parent's, when the parent had no text of its
 * own) and its paragraphs.
 * @param section heading (null for the lead), parent heading, paragraphs, and whether it is the lead
 */
export function classifySection(
  section: {
    heading: string | null;
    parentHeading?: string;
    paragraphs: string[];
    lead: boolean;
    opening?: boolean;
  },
  lang: Lang,
  cues: Cues,
): Decision {
  const parts: { evidence: Evidence; factor: number }[] = [];
  if (section.heading)
    parts.push({ evidence: scoreText(section.heading, lang, cues, ["heading"]), factor: HEADING_FACTOR });
  if (section.parentHeading)
    parts.push({
      evidence: scoreText(section.parentHeading, lang, cues, ["heading"]),
      factor: HEADING_FACTOR / 3,
    });
  const n = Math.max(1, section.paragraphs.length);
  for (const p of section.paragraphs)
    parts.push({ evidence: scoreText(p, lang, cues, ["text", "weak"]), factor: 1 / Math.sqrt(n) });
  const evidence = combine(parts);
  if (section.opening) {
    // An article that opens with a heading still opens with its context, more often than not.
    evidence.scores.context += OPENING_PRIOR;
    evidence.cues.context.push("(opening section)");
  }
  if (section.lead) {
    evidence.scores.context += LEAD_PRIOR;
    evidence.cues.context.push("(lead)");
  }
  return decide(evidence, section.lead ? "context" : "other");
}

/**
 * Decides the kind of each paragraph of an unheaded article.
 * @param paragraphs the body paragraphs
 */
export function classifyParagraphs(paragraphs: string[], lang: Lang, cues: Cues): Decision[] {
  const out: Decision[] = [];
  paragraphs.forEach((p, i) => {
    const evidence = combine([{ evidence: scoreText(p, lang, cues, ["text", "weak"]), factor: 1 }]);
    if (i === 0) {
      evidence.scores.context += LEAD_PRIOR;
      evidence.cues.context.push("(lead)");
    }
    // A paragraph with no cue of its own goes on with the paragraph before it (a report's thread).
    const previous = out[i - 1]?.kind;
    const decision = decide(evidence, i === 0 ? "context" : (previous ?? "other"));
    if (decision.kind === previous && CUED_KINDS.every((k) => evidence.scores[k] < MIN_SCORE)) {
      evidence.cues[previous as CuedKind]?.push("(continues ¶ before)");
    }
    out.push(decision);
  });
  return out;
}
