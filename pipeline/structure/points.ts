/**
 * Key points of a section: an enumeration (一是/二是, 首先/其次/最后, 第一/第二, numbered items) gives
 * one point per item, led by the item's own lead sentence; otherwise TextRank over the sentences picks
 * the most central ones. Deterministic: ties go to the earlier sentence.
 * @module
 */
import type { Point } from "./model.js";
import { splitSentences, words } from "./sentences.js";

/** A candidate point with its rank score (higher first). */
export interface RankedPoint extends Point {
  score: number;
}

const ZH_MARKERS = [
  /^(一是|二是|三是|四是|五是|六是|七是|八是|九是|十是)[，,：:]?/u,
  /^(首先|其次|再次|然后|最后|此外|另外|同时)[，,：:]/u,
  /^第[一二三四五六七八九十]+[，,、：:是]/u,
  /^[(（]?[一二三四五六七八九十]+[)）、]/u,
  /^[(（]?\d{1,2}[)）.、．]\s*/u,
];
const EN_MARKERS = [/^(first|second|third|fourth|fifth|finally|lastly|next)(ly)?,\s*/i, /^\(?\d{1,2}[).]\s+/];
const ORDINAL_START = /^(一是|第一|首先|[(（]?[一1][)）、.．]|first)/iu;

/** The enumeration marker at the start of a paragraph, if any. */
export function enumerationMarker(paragraph: string, lang: "zh" | "en"): string | undefined {
  for (const re of lang === "en" ? EN_MARKERS : ZH_MARKERS) {
    const m = re.exec(paragraph);
    if (m) return m[0];
  }
  return undefined;
}

function leadSentence(paragraph: string, marker: string, lang: "zh" | "en"): string {
  const rest = paragraph.slice(marker.length).trim();
  const first = splitSentences(rest, lang)[0]?.text ?? rest;
  return first.replace(/[。；;]$/u, "");
}

/**
 * Finds enumerated items among a section's paragraphs: at least two paragraphs with markers, starting
 * from a first-item marker. Inline enumerations (`一是…；二是…`) inside one paragraph count too.
 * @param paragraphs the section's paragraphs
 * @param first index of the first paragraph over the article
 */
export function enumerationPoints(paragraphs: string[], first: number, lang: "zh" | "en"): RankedPoint[] {
  const marked = paragraphs.flatMap((p, i) => {
    const marker = enumerationMarker(p, lang);
    return marker ? [{ i, p, marker }] : [];
  });
  if (marked.length >= 2 && marked.some((m) => ORDINAL_START.test(m.p))) {
    return marked.map((m, k) => ({
      text: leadSentence(m.p, m.marker, lang),
      paragraph: first + m.i,
      score: 100 - k,
    }));
  }
  if (lang === "zh") {
    for (let i = 0; i < paragraphs.length; i++) {
      const p = paragraphs[i] as string;
      const items = [
        ...p.matchAll(/(?:^|[。；：:])\s*(一是|二是|三是|四是|五是|第一|第二|第三|第四)[，,]?([^。；]+)/gu),
      ];
      if (items.length >= 2)
        return items.map((m, k) => ({ text: (m[2] as string).trim(), paragraph: first + i, score: 100 - k }));
    }
  }
  return [];
}

/**
 * Ranks a section's sentences with TextRank (word-overlap similarity, damping 0.85, 40 iterations).
 * @param paragraphs the section's paragraphs
 * @param first index of the first paragraph over the article
 */
export function textRankPoints(paragraphs: string[], first: number, lang: "zh" | "en"): RankedPoint[] {
  const sentences = paragraphs.flatMap((p, i) =>
    splitSentences(p, lang).map((s) => ({
      text: s.text,
      paragraph: first + i,
      words: new Set(words(s.text, lang)),
    })),
  );
  const n = sentences.length;
  if (n === 0) return [];
  if (n > TEXTRANK_LIMIT) return centroidPoints(sentences);
  const rank = textRank(sentences.map((s) => s.words));
  return sentences.map((s, i) => ({
    text: s.text.replace(/[。；;]$/u, ""),
    paragraph: s.paragraph,
    // A small lead bias: the first sentence of a section often states its point.
    score: Math.round(((rank[i] as number) + (i === 0 ? 0.3 : 0)) * 1000) / 1000,
  }));
}

/**
 * TextRank scores of sentences given as word sets (word-overlap similarity, damping 0.85, 40
 * iterations); above `TEXTRANK_LIMIT` sentences, a linear centroid score instead.
 * @param sets each sentence's content words
 */
export function textRank(sets: readonly Set<string>[]): number[] {
  const n = sets.length;
  if (n > TEXTRANK_LIMIT) return centroidScores(sets);
  const weights: number[][] = sets.map(() => new Array<number>(n).fill(0));
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const wa = sets[a] as Set<string>;
      const wb = sets[b] as Set<string>;
      if (wa.size < 2 || wb.size < 2) continue;
      let common = 0;
      for (const w of wa) if (wb.has(w)) common++;
      const sim = common / (Math.log(wa.size) + Math.log(wb.size));
      (weights[a] as number[])[b] = sim;
      (weights[b] as number[])[a] = sim;
    }
  }
  const outSum = weights.map((row) => row.reduce((s, x) => s + x, 0));
  let rank = new Array<number>(n).fill(1);
  for (let iter = 0; iter < 40; iter++) {
    const next = new Array<number>(n).fill(0.15);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const w = (weights[b] as number[])[a] as number;
        if (w > 0) next[a] = (next[a] as number) + (0.85 * w * (rank[b] as number)) / (outSum[b] as number);
      }
    }
    rank = next;
  }
  return rank;
}

/** How much of the text's frequent vocabulary each sentence holds (linear time). */
function centroidScores(sets: readonly Set<string>[]): number[] {
  const df = new Map<string, number>();
  for (const s of sets) for (const w of s) df.set(w, (df.get(w) ?? 0) + 1);
  return sets.map((s) => {
    let sum = 0;
    for (const w of s) sum += Math.log(1 + (df.get(w) ?? 0));
    return s.size === 0 ? 0 : sum / Math.sqrt(s.size);
  });
}

/** Above this many sentences TextRank's n² graph is replaced by a linear centroid score. */
export const TEXTRANK_LIMIT = 150;

/**
 * Scores sentences by how much of the section's frequent vocabulary they hold (linear time), for
 * very long sections.
 */
function centroidPoints(sentences: { text: string; paragraph: number; words: Set<string> }[]): RankedPoint[] {
  const df = new Map<string, number>();
  for (const s of sentences) for (const w of s.words) df.set(w, (df.get(w) ?? 0) + 1);
  return sentences.map((s, i) => {
    let sum = 0;
    for (const w of s.words) sum += Math.log(1 + (df.get(w) ?? 0));
    const score = s.words.size === 0 ? 0 : sum / Math.sqrt(s.words.size) + (i === 0 ? 0.3 : 0);
    return {
      text: s.text.replace(/[。；;]$/u, ""),
      paragraph: s.paragraph,
      score: Math.round(score * 1000) / 1000,
    };
  });
}

/**
 * All candidate points of a section, best first.
 * @param paragraphs the section's paragraphs
 * @param first index of the first paragraph over the article
 */
export function rankPoints(paragraphs: string[], first: number, lang: "zh" | "en"): RankedPoint[] {
  const enumerated = enumerationPoints(paragraphs, first, lang);
  const ranked = enumerated.length > 0 ? enumerated : textRankPoints(paragraphs, first, lang);
  return [...ranked].sort((a, b) => b.score - a.score || a.paragraph - b.paragraph);
}

/**
 * Picks points for a budget: the best `count` whole sentences no longer than `maxChars`, returned in
 * reading order. Nothing is cut mid-sentence: a longer point is skipped for a shorter one; when none
 * fits, the shortest point stands alone.
 * @param ranked candidates, best first
 * @param budget points per section and characters per point
 */
export function selectPoints(
  ranked: readonly RankedPoint[],
  budget: { count: number; maxChars: number },
): Point[] {
  if (budget.count <= 0 || ranked.length === 0) return [];
  const order = new Map(ranked.map((p, i) => [p, i]));
  let chosen = ranked.filter((p) => [...p.text].length <= budget.maxChars).slice(0, budget.count);
  if (chosen.length === 0) {
    chosen = [
      [...ranked].sort(
        (a, b) => [...a.text].length - [...b.text].length || (order.get(a) ?? 0) - (order.get(b) ?? 0),
      )[0] as RankedPoint,
    ];
  }
  return chosen
    .sort((a, b) => a.paragraph - b.paragraph || (order.get(a) ?? 0) - (order.get(b) ?? 0))
    .map(({ text, paragraph }) => ({ text, paragraph }));
}
