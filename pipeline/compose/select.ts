/**
 * Which sentences a brief carries: each section's candidates in the order that covers its argument
 * (enumerated items first, then distinct sub-topics), a risks section read from the article's own
 * risk language when it has no challenges section, and a selection per budget that compresses long
 * sentences at a clause instead of skipping them and never says one thing twice (bottom line included).
 * @module
 */
import { type Candidate, coverOrder, grams, sectionCandidates, similarity } from "../structure/candidates.js";
import { compress } from "../structure/compress.js";
import type { Lang } from "../structure/cues.js";
import type { BriefModel, Point, Section, SectionKind } from "../structure/model.js";

/** A section with its ordered candidates. */
export interface PlannedSection {
  kind: SectionKind;
  heading: string | null;
  paragraphs: string[];
  firstParagraph: number;
  /** Candidates in cover order (items first, then by marginal relevance). */
  candidates: Candidate[];
  /** True for the risks section read from other sections' risk language. */
  derived: boolean;
}

/** What compose plans once per article. */
export interface Plan {
  lang: Lang;
  sections: PlannedSection[];
  /** Sentences stating risks or problems, from sections other than challenges and recommendations. */
  risks: Candidate[];
  /** The bottom line: the model's, unless it only repeats the title (then the lead's best sentence). */
  bottomLine: Point | null;
  /** The bottom line's gram set (nothing on the brief repeats it). */
  bottomGrams: Set<string> | null;
}

/** Words that say something is a risk or a problem (general language, not any article's). */
const RISK =
  /风险|挑战|威胁|障碍|壁垒|冲击|隐患|不确定性|脆弱|危机|困境|难题|制约|瓶颈|短板|边缘化|保护主义|脱钩|围堵|下行压力|不足|滞后|失衡|\brisks?\b|challeng|threat|barrier|obstacle|shortfall|shortage|uncertaint|vulnerab|crisis|decline|deficit|constrain|bottleneck|concern/iu;
/** Risk words that a remedy takes as its object (破除制度障碍, 应对挑战, address the risks): not a risk stated. */
const REMEDY =
  /(?:破除|打破|化解|应对|防范|消除|降低|减少|克服|突破|解决|避免|抵御)[^，。；]{0,6}(?:风险|挑战|障碍|壁垒|瓶颈|围堵|脱钩|冲击|不确定性)|\b(?:address|mitigate|reduce|overcome|tackle|avoid|manage)\w*\s+(?:\w+\s+){0,3}(?:risks?|challenges?|barriers?|threats?)/iu;
/** Sentences that recommend rather than warn (应/要/需要…, should/must). */
const ADVICE =
  /^(?:应|要|需要|需|必须|亟需|建议|推动|加强|坚持)|应当|应该|\bshould\b|\bmust\b|\bneed to\b|\brecommend/iu;

/**
 * Joins sections without a heading that share a kind (an unheaded article's runs), keeping each
 * paragraph's index over the article.
 */
function mergeUnheaded(sections: readonly Section[]): { section: Section; at: number[] }[] {
  const out: { section: Section; at: number[] }[] = [];
  for (const s of sections) {
    const at = s.paragraphs.map((_, i) => s.firstParagraph + i);
    const same =
      s.heading === null
        ? out.find((o) => o.section.heading === null && o.section.kind === s.kind)
        : undefined;
    if (same) {
      same.section = { ...same.section, paragraphs: [...same.section.paragraphs, ...s.paragraphs] };
      same.at.push(...at);
    } else out.push({ section: { ...s }, at });
  }
  return out;
}

/**
 * Sentences that state a risk or problem, from sections other than recommendations, ordered to cover
 * distinct risks (those naming more risk words first).
 */
function riskCandidates(sections: readonly PlannedSection[], given: readonly Set<string>[]): Candidate[] {
  const pool = sections
    .filter((s) => s.kind !== "recommendations")
    .flatMap((s) => s.candidates)
    .filter((c) => c.item === null && RISK.test(c.text) && !ADVICE.test(c.text) && !REMEDY.test(c.text));
  const words = (t: string) => new Set(t.match(new RegExp(RISK.source, "giu")) ?? []).size;
  const weighted = pool.map((c) => ({ ...c, score: c.score * (0.6 + 0.2 * Math.min(3, words(c.text))) }));
  return coverOrder(weighted, given).map((w) => pool[weighted.indexOf(w)] as Candidate);
}

/** The model's bottom line, or when it only repeats the title, the first section's best sentence. */
function thesis(model: BriefModel, topic: Set<string>): Point | null {
  const lang = model.lang;
  const titleLike = (text: string) => similarity(grams(text, lang), topic) >= 0.7;
  if (model.bottomLine && !titleLike(model.bottomLine.text)) return model.bottomLine;
  const first = model.sections[0];
  if (!first) return null;
  const best = coverOrder(sectionCandidates(first.paragraphs, first.firstParagraph, lang, topic)).find(
    (c) => c.item === null && !titleLike(c.text) && [...c.text].length >= (lang === "en" ? 40 : 15),
  );
  return best ? { text: best.text, paragraph: best.paragraph } : null;
}

const plans = new WeakMap<BriefModel, Plan>();

/**
 * Plans an article once: sections (unheaded runs of one kind joined) with their candidates in cover
 * order, and the risk sentences of an article without a challenges section.
 * @param model the brief model
 */
export function planBrief(model: BriefModel): Plan {
  const known = plans.get(model);
  if (known) return known;
  const lang = model.lang;
  const topic = grams(model.title, lang);
  const bottomLine = thesis(model, topic);
  const bottomGrams = bottomLine ? grams(bottomLine.text, lang) : null;
  const given = bottomGrams ? [bottomGrams] : [];
  const sections = mergeUnheaded(model.sections).map(({ section: s, at }): PlannedSection => {
    const candidates = sectionCandidates(s.paragraphs, 0, lang, topic).map((c) => ({
      ...c,
      paragraph: at[c.paragraph] ?? s.firstParagraph,
    }));
    return {
      kind: s.kind,
      heading: s.heading,
      paragraphs: s.paragraphs,
      firstParagraph: s.firstParagraph,
      candidates: coverOrder(candidates, given),
      derived: false,
    };
  });
  const risks = sections.some((s) => s.kind === "challenges") ? [] : riskCandidates(sections, given);
  const plan = { lang, sections, risks, bottomLine, bottomGrams };
  plans.set(model, plan);
  return plan;
}

/** Texts already on a brief, to keep anything from being said twice. */
export class Said {
  private readonly seen: Set<string>[] = [];
  private readonly ids = new Set<Candidate>();
  /** @param first texts already on the brief (the bottom line) as gram sets */
  constructor(first: readonly (Set<string> | null)[] = []) {
    for (const g of first) if (g) this.seen.push(g);
  }
  /** Whether a candidate repeats something on the brief. */
  repeats(c: Candidate): boolean {
    return this.ids.has(c) || this.seen.some((g) => similarity(c.grams, g) >= 0.55);
  }
  /** Records a candidate as said. */
  add(c: Candidate): void {
    this.ids.add(c);
    this.seen.push(c.grams);
  }
}

/**
 * An enumerated item's gist with the sentence that explains it, when the budget has room for both
 * (一是…。The next sentence… → 发展水平参差不齐：东盟十国…差距明显).
 */
function elaborate(
  item: Candidate,
  next: Candidate | undefined,
  text: string,
  limit: number,
  lang: Lang,
  said: Said,
) {
  const room = limit - [...text].length - 1;
  if (
    !next ||
    next.item !== null ||
    next.paragraph !== item.paragraph ||
    room < limit * 0.4 ||
    said.repeats(next)
  )
    return text;
  const more = compress(next.text, room, lang);
  if ([...more].length > room) return text;
  said.add(next);
  return lang === "en"
    ? `${text.replace(/\.$/, "")}: ${more.charAt(0).toLowerCase()}${more.slice(1)}`
    : `${text}：${more}`;
}

/** The candidate whose point is shortest (none repeating what was said), as a point. */
function shortestPoint(candidates: readonly Candidate[], limit: number, lang: Lang, said: Said) {
  let best: (Point & { order: number }) | undefined;
  let from: Candidate | undefined;
  for (const c of candidates) {
    if (said.repeats(c)) continue;
    const text = compress(c.text, limit, lang);
    const size = [...text].length;
    if (size < (lang === "en" ? 12 : 6) || (best && size >= [...best.text].length)) continue;
    best = { text, paragraph: c.paragraph, order: c.order, score: Math.round(c.score * 1000) / 1000 };
    from = c;
  }
  if (from) said.add(from);
  return best;
}

/**
 * Picks up to `count` points from candidates in their order, compressing each to `maxChars` at a
 * clause; a sentence whose main clause alone is far over budget is passed over (an item never is),
 * unless every one is: then the shortest is taken.
 * With room (100 characters or more), an item carries the sentence that explains it. Returned in
 * reading order.
 * @param candidates in cover order
 * @param count how many points
 * @param maxChars characters per point
 * @param lang the language
 * @param said what the brief already says (updated)
 */
export function choose(
  candidates: readonly Candidate[],
  count: number,
  maxChars: number,
  lang: Lang,
  said: Said,
): Point[] {
  const chosen: (Point & { order: number })[] = [];
  // Latin letters are half as wide as Chinese characters: an English point may have twice as many.
  const limit = lang === "en" ? maxChars * 2 : maxChars;
  const byOrder = new Map(candidates.map((c) => [c.order, c]));
  for (const c of candidates) {
    if (chosen.length >= count) break;
    if (said.repeats(c)) continue;
    let text = compress(c.text, limit, lang);
    const size = [...text].length;
    if ((c.item === null && size > limit * 1.5) || size < (lang === "en" ? 12 : 6)) continue;
    said.add(c);
    if (c.item !== null && maxChars >= 100)
      text = elaborate(c, byOrder.get(c.order + 1), text, limit, lang, said);
    chosen.push({ text, paragraph: c.paragraph, order: c.order, score: Math.round(c.score * 1000) / 1000 });
  }
  // Every sentence too long for the budget: the shortest still says what the section is about.
  if (chosen.length === 0 && count > 0) {
    const fallback = shortestPoint(candidates, limit, lang, said);
    if (fallback) chosen.push(fallback);
  }
  return chosen
    .sort((a, b) => a.paragraph - b.paragraph || a.order - b.order)
    .map(({ text, paragraph, score }) => ({ text, paragraph, score }));
}
