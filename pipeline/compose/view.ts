/**
 * The data a template sees: a brief model seen by one audience — its sections in the audience's order
 * with key points within its budgets (compressed at a clause, never repeated), opportunities, risks and
 * actions, key figures with what they measure, and documents. Article text is pre-escaped, so even
 * `{{{…}}}` cannot emit live markup.
 * @module
 */
import Handlebars from "handlebars";
import { type Audience, audienceTitle } from "../config/schema.js";
import type { Candidate } from "../structure/candidates.js";
import { compress } from "../structure/compress.js";
import type { BriefModel, Point, SectionKind } from "../structure/model.js";
import { type Budget, fitLadder, ownBudget, type Sized } from "./budget.js";
import { keyFigures } from "./key-figures.js";
import { choose, type PlannedSection, planBrief, Said } from "./select.js";

export { budgetAt } from "./budget.js";

/** A section as templates see it. */
export interface SectionView {
  id: string;
  kind: SectionKind;
  kindLabel: string;
  heading: string | null;
  paragraphs: string[];
  points: Point[];
  firstParagraph: number;
}

/** Makes article text safe for templates: escaped once, so even `{{{…}}}` cannot emit live markup. */
function safeDeep(value: unknown): unknown {
  if (typeof value === "string") return new Handlebars.SafeString(Handlebars.Utils.escapeExpression(value));
  if (Array.isArray(value)) return value.map(safeDeep);
  if (value && typeof value === "object" && !(value instanceof Handlebars.SafeString)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, safeDeep(v)]));
  }
  return value;
}

const ORDER: SectionKind[] = ["context", "achievements", "challenges", "recommendations", "other"];

/** A sentence of the industry view's opportunities; English words match whole (a supermarket is no market). */
export const OPPORTUNITY =
  /机遇|机会|契机|潜力|市场|需求|空间|红利|增长|前景|\b(?:opportunities|opportunity|demand|markets?|growth|potential|prospects?)\b/iu;
/** A recommendation that concerns business (the industry view's actions). */
export const BUSINESS =
  /企业|产业|行业|金融|资金|投资|融资|市场|平台|出海|走出去|商会|园区|供应链|\b(?:compan(?:y|ies)|firms?|business(?:es)?|industr(?:y|ies|ial)|financ(?:e|es|ing|ial)|invest(?:s|ed|ing|ment|ments|ors?)?|lenders?|banks?|banking|markets?|supply chains?)\b/iu;

/** The clause of a sentence that holds a figure (split at ，；), kept for custom templates. */
export function figureClause(sentence: string, value: string, max = 60): string {
  const clauses = sentence.split(/(?<=[，；,;：:])/u);
  const i = clauses.findIndex((c) => c.includes(value));
  if (i === -1) return sentence;
  let text = (clauses[i] as string).replace(/[，；,;：:。.]$/u, "");
  if ([...text].length < 14 && i > 0) text = `${(clauses[i - 1] as string).trim()}${text}`;
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

/** The audience's sections in its order; a risks section from risk language when it has no challenges. */
function viewSections(model: BriefModel, kinds: readonly SectionKind[]): PlannedSection[] {
  const plan = planBrief(model);
  let sections = plan.sections.filter((s) => kinds.includes(s.kind));
  if (kinds.includes("challenges") && plan.risks.length > 0) {
    const risky = new Set<Candidate>(plan.risks);
    sections = sections.map((s) => ({ ...s, candidates: s.candidates.filter((c) => !risky.has(c)) }));
    sections.push({
      kind: "challenges",
      heading: null,
      paragraphs: [],
      firstParagraph: Math.min(...plan.risks.map((c) => c.paragraph)),
      candidates: plan.risks,
      derived: true,
    });
  }
  return sections.sort(
    (a, b) =>
      kinds.indexOf(a.kind) - kinds.indexOf(b.kind) ||
      ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
      a.firstParagraph - b.firstParagraph,
  );
}

const sized = (sections: readonly PlannedSection[]): Sized[] =>
  sections.map((s) => ({
    kind: s.kind,
    available: s.candidates.length,
    items: s.candidates.filter((c) => c.item !== null).length,
    worth: s.candidates.map((c) => (c.item !== null ? 1 : 0.5 + 0.5 * Math.min(1, c.score))),
  }));

const ladders = new WeakMap<BriefModel, Map<Audience, Budget[]>>();

/** The fitter's ladder for a fitted audience (cached per model and audience). */
function ladderOf(model: BriefModel, audience: Audience): Budget[] {
  const byAudience = ladders.get(model) ?? new Map<Audience, Budget[]>();
  ladders.set(model, byAudience);
  const ladder =
    byAudience.get(audience) ?? fitLadder(sized(viewSections(model, audience.sections)), audience);
  byAudience.set(audience, ladder);
  return ladder;
}

/**
 * How many variants the fitter may choose from for an audience fitted to its pages (`maxPages`): level
 * 0 holds the most content, each next level less. 1 for an audience that is not fitted.
 * @param model the brief model
 * @param audience the audience
 */
export function fitLevels(model: BriefModel, audience: Audience): number {
  return audience.maxPages === null || audience.maxPages === undefined ? 1 : ladderOf(model, audience).length;
}

/** The budget at a level: the ladder's rung for a fitted audience, else its own budgets shrunk. */
function budgetFor(
  model: BriefModel,
  audience: Audience,
  sections: readonly PlannedSection[],
  level: number,
) {
  if (audience.maxPages === null || audience.maxPages === undefined)
    return ownBudget(sized(sections), audience, level);
  const ladder = ladderOf(model, audience);
  return ladder[Math.min(Math.max(0, level), ladder.length - 1)] as Budget;
}

/** Candidates of some sections, taken in turn from each (each section's best first). */
function pool(sections: readonly PlannedSection[], pattern: RegExp | null): Candidate[] {
  const lists = sections.map((s) => s.candidates.filter((c) => !pattern || pattern.test(c.text)));
  const out: Candidate[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++)
    for (const l of lists) if (l[i]) out.push(l[i] as Candidate);
  return out;
}

/** Opportunities, risks and actions (the industry view), none repeating another or the bottom line. */
function industryLists(model: BriefModel, budget: Budget) {
  const plan = planBrief(model);
  const said = new Said([plan.bottomGrams]);
  const count = Math.max(
    1,
    Math.round(budget.counts.reduce((a, b) => a + b, 0) / Math.max(1, budget.counts.length)),
  );
  const of = (kinds: SectionKind[]) => plan.sections.filter((s) => kinds.includes(s.kind));
  const risks = of(["challenges"]).length > 0 ? pool(of(["challenges"]), null) : plan.risks;
  const opportunities = pool(of(["context", "achievements"]), OPPORTUNITY);
  const business = pool(of(["recommendations"]), BUSINESS);
  const actions = business.length > 0 ? business : pool(of(["recommendations"]), null);
  return {
    opportunities: choose(opportunities, count, budget.chars, model.lang, said),
    risks: choose(risks, count, budget.chars, model.lang, said),
    actions: choose(actions, count + 1, budget.chars, model.lang, said),
  };
}

/** The article's own fields as templates see them (`brief.*`). */
function articleFields(model: BriefModel) {
  return {
    title: model.title,
    subtitle: model.subtitle ?? null,
    authors: model.authors,
    column: model.column ?? null,
    date: model.date ?? null,
    authorNote: model.authorNote ?? null,
    fundingNote: model.fundingNote ?? null,
    notes: model.notes,
    source: model.source,
    origin: model.origin ?? null,
    /** The original's address when it is a web page (shown as a link). */
    originUrl: model.origin && /^https?:\/\//i.test(model.origin) ? model.origin : null,
    fetchedAt: model.fetchedAt ?? null,
    slug: model.slug,
  };
}

/** True when a heading says no more than a label (case, spaces and punctuation aside). */
function sameWords(heading: string | null, label: string): boolean {
  const plain = (t: string) => t.toLowerCase().replace(/[\s\p{P}]+/gu, "");
  return heading !== null && plain(heading) === plain(label);
}

/**
 * Builds the data a template sees. Article text is pre-escaped (see README, "Templates").
 * @param model the brief model
 * @param key the audience key
 * @param audience the audience's config
 * @param labels labels in the article's language
 * @param date the build date (shown as 生成于 in the colophon)
 * @param level for a fitted audience the fitter's level (0 = most content, see fitLevels), else a
 * shrink level (0 = the audience's own budgets)
 */
export function buildView(
  model: BriefModel,
  key: string,
  audience: Audience,
  labels: Record<string, string>,
  date: Date,
  level = 0,
) {
  const plan = planBrief(model);
  const planned = viewSections(model, audience.sections);
  const budget = budgetFor(model, audience, planned, level);
  const said = new Said([plan.bottomGrams]);
  const sections: SectionView[] = planned.map((s, i) => ({
    id: String(i + 1),
    kind: s.kind,
    kindLabel: labels[s.kind] ?? s.kind,
    // A heading that only names its kind ("Recommendations" under the label Recommendations) is said once.
    heading: sameWords(s.heading, labels[s.kind] ?? s.kind) ? null : s.heading,
    paragraphs: s.paragraphs,
    firstParagraph: s.firstParagraph,
    points: choose(s.candidates, budget.counts[i] ?? 0, budget.chars, model.lang, said),
  }));
  const bottomLine = plan.bottomLine && {
    text: compress(
      plan.bottomLine.text,
      Math.max(100, Math.round(budget.chars * 1.6)) * (model.lang === "en" ? 2 : 1),
      model.lang,
    ),
    paragraph: plan.bottomLine.paragraph,
  };
  return {
    lang: model.lang,
    labels,
    audience: { key, title: audienceTitle(audience, key, model.lang) },
    date: date.toISOString().slice(0, 10),
    showProvenance: audience.provenance,
    brief: safeDeep(articleFields(model)),
    bottomLine: safeDeep(bottomLine),
    sections: sections.map((s) => ({
      ...s,
      heading: safeDeep(s.heading),
      paragraphs: safeDeep(s.paragraphs),
      points: safeDeep(s.points),
    })),
    ...(safeDeep(industryLists(model, budget)) as Record<string, unknown>),
    keyFigures: safeDeep(keyFigures(model, budget.figures)),
    references: safeDeep(model.references),
  };
}
