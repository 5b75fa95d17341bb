/**
 * The compose stage: a brief model and an audience become an HTML page (plus the PDF header and
 * footer), by filling Handlebars templates in strict mode. Compose returns HTML; it never prints.
 * @module
 */
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import { parse as parseYaml } from "yaml";
import { type Audience, audienceTitle, type Config } from "../config/schema.js";
import { BriefError } from "../errors.js";
import type { BriefModel, Point, Section, SectionKind } from "../structure/model.js";
import { selectPoints } from "../structure/points.js";
import { registerHelpers } from "./helpers.js";
import { displayPath, listTemplates, resolveTemplate, templateFilesFor } from "./templates.js";

/** What compose hands to render. */
export interface Composed {
  html: string;
  headerTemplate: string;
  footerTemplate: string;
}

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

/** A template failure, naming the template file and line (and column when known). */
function templateError(error: unknown, file: string, source: string, what: string): BriefError {
  if (error instanceof BriefError) return error;
  const e = error as { message?: string; lineNumber?: number; column?: number };
  const raw = String(e.message ?? error);
  let message = raw.split("\n")[0] as string;
  let line = e.lineNumber;
  let column = e.column;
  const parse = /^Parse error on line (\d+):/.exec(raw);
  if (parse) {
    line = Number(parse[1]);
    message = `syntax error: ${raw.split("\n").slice(-1)[0]}`;
  }
  const loc = / - (\d+):(\d+)$/.exec(message);
  if (loc) {
    line = Number(loc[1]);
    column = Number(loc[2]) + 1;
    message = message.replace(/ - \d+:\d+$/, "");
  }
  const undefinedName = /^"([^"]+)" not defined in/.exec(message);
  if (undefinedName)
    message = `"${undefinedName[1]}" is neither a field of the data nor a helper (templates run in strict mode)`;
  const partial = /The partial (\S+) could not be found/.exec(message);
  if (partial) {
    const at = source.split("\n").findIndex((l) => new RegExp(`\\{\\{#?>\\s*${partial[1]}\\b`).test(l));
    if (at !== -1) line = at + 1;
    message = `missing partial "${partial[1]}": no partials/${partial[1]}.hbs in the templates folders`;
  }
  return new BriefError(`${what}: ${message}`, {
    place: { file: displayPath(file), ...(line ? { line } : {}), ...(line && column ? { column } : {}) },
    hint: "fix the template, or delete it from your templates folder to use the default",
  });
}

/** A composer for one run: templates compiled once, shared by every brief of the run. */
export interface Composer {
  /**
   * Composes one brief for one audience.
   * @param model the structured article
   * @param audienceKey a key of `config.audiences`
   * @param date the brief's date (default today)
   */
  compose(model: BriefModel, audienceKey: string, options?: { date?: Date; level?: number }): Composed;
  /** Template files each audience uses (for build hashes). */
  filesFor(audienceKey: string): string[];
}

/**
 * Creates a composer: loads labels, stylesheet and partials from the template folders.
 * @param config the run's config (templateDirs, audiences)
 */
export function createComposer(config: Pick<Config, "templateDirs" | "audiences">): Composer {
  const hb = Handlebars.create();
  const dirs = config.templateDirs;
  let currentLabels: Record<string, string> = {};
  registerHelpers(hb, () => currentLabels);
  const compiled = new Map<string, HandlebarsTemplateDelegate>();

  const compileFile = (file: string): HandlebarsTemplateDelegate => {
    let fn = compiled.get(file);
    if (fn) return fn;
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch (error) {
      throw new BriefError("cannot read template", { place: { file: displayPath(file) }, cause: error });
    }
    const template = hb.compile(source, { strict: true, noEscape: false });
    fn = (context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        return template(context, options);
      } catch (error) {
        throw templateError(error, file, source, "template failed");
      }
    };
    // Compile now, so syntax errors surface with the file's name.
    try {
      hb.precompile(source, { strict: true });
    } catch (error) {
      throw templateError(error, file, source, "template cannot compile");
    }
    compiled.set(file, fn);
    return fn;
  };

  const partialFiles = listTemplates(dirs, "partials", ".hbs");
  const partialErrors = new Map<string, BriefError>();
  for (const [name, file] of partialFiles) {
    try {
      hb.registerPartial(name, compileFile(file));
    } catch (error) {
      partialErrors.set(name, error as BriefError);
    }
  }
  const labelsFor = (lang: string): Record<string, string> => {
    const file = resolveTemplate(dirs, `labels/${lang}.yaml`) ?? resolveTemplate(dirs, "labels/zh.yaml");
    if (!file) return {};
    return parseYaml(readFileSync(file, "utf8")) as Record<string, string>;
  };
  const cssFile = resolveTemplate(dirs, "styles/brief.css");
  const css = cssFile ? readFileSync(cssFile, "utf8") : "";
  const required = (name: string): string => {
    const file = resolveTemplate(dirs, name);
    if (!file)
      throw new BriefError(`template not found: ${name}`, {
        hint: `add ${name} to your templates folder or restore the default`,
      });
    return file;
  };

  const audienceFiles = (audience: Audience): string[] => templateFilesFor(dirs, audience.template);

  return {
    filesFor(audienceKey) {
      const audience = config.audiences[audienceKey];
      return audience ? audienceFiles(audience) : [];
    },
    compose(model, audienceKey, { date = new Date(), level = 0 } = {}) {
      const audience = config.audiences[audienceKey];
      if (!audience)
        throw new BriefError(`unknown audience "${audienceKey}"`, {
          hint: "add it under audiences: in config.yaml",
        });
      const firstPartialError = partialErrors.values().next();
      if (!firstPartialError.done) throw firstPartialError.value;
      const layout = compileFile(required("layout.hbs"));
      const body = compileFile(required(`audiences/${audience.template}.hbs`));
      const header = compileFile(required("partials/pdf-header.hbs"));
      const footer = compileFile(required("partials/pdf-footer.hbs"));
      const labels = labelsFor(model.lang);
      currentLabels = labels;
      const view = buildView(model, audienceKey, audience, labels, date, level);
      const data = { ...view, css };
      const bodyHtml = body(data);
      return {
        // Templates leave indentation on blank lines; briefs have no <pre>, so trailing blanks go.
        html: layout({ ...data, body: bodyHtml })
          .replace(/[ \t]+$/gm, "")
          .replace(/\n{3,}/g, "\n\n"),
        headerTemplate: header(data),
        footerTemplate: footer(data),
      };
    },
  };
}

const OPPORTUNITY =
  /机遇|机会|契机|潜力|市场|需求|空间|红利|增长|前景|opportunit|demand|market|growth|potential|prospect/iu;
const BUSINESS =
  /企业|产业|行业|金融|资金|投资|融资|市场|平台|出海|走出去|商会|园区|供应链|compan|firm|business|industr|financ|invest|lender|bank|market|supply chain/iu;

/** Candidate points of the sections of some kinds, best first. */
function candidates(model: BriefModel, kinds: readonly SectionKind[]): (Point & { score: number })[] {
  return model.sections
    .filter((s) => kinds.includes(s.kind))
    .flatMap((s) => s.points.map((p) => ({ ...p, score: p.score ?? 0 })))
    .sort((a, b) => b.score - a.score || a.paragraph - b.paragraph);
}

/** Points matching a pattern (or, when none does, the best points), within a budget. */
function pick(
  points: (Point & { score: number })[],
  pattern: RegExp | null,
  budget: { count: number; maxChars: number },
): Point[] {
  const matching = pattern ? points.filter((p) => pattern.test(p.text)) : points;
  return selectPoints(matching.length > 0 ? matching : points, budget);
}

/** The clause of a sentence that holds a figure (split at ，；), for a short key-figures box. */
export function figureClause(sentence: string, value: string, max = 60): string {
  const clauses = sentence.split(/(?<=[，；,;：:])/u);
  const i = clauses.findIndex((c) => c.includes(value));
  if (i === -1) return sentence;
  let text = (clauses[i] as string).replace(/[，；,;：:。.]$/u, "");
  // Add the clause before when the figure's clause is too short to say what it counts.
  if ([...text].length < 14 && i > 0) text = `${(clauses[i - 1] as string).trim()}${text}`;
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

/**
 * Joins sections without a heading that share a kind (an unheaded article's runs), so a brief shows
 * each kind once; headed sections stay as the author wrote them.
 */
function mergeUnheaded(sections: readonly Section[]): Section[] {
  const out: Section[] = [];
  for (const s of sections) {
    const same = s.heading === null ? out.find((o) => o.heading === null && o.kind === s.kind) : undefined;
    if (same) {
      same.paragraphs = [...same.paragraphs, ...s.paragraphs];
      same.points = [...same.points, ...s.points];
    } else out.push({ ...s });
  }
  return out;
}

/**
 * Budgets at a shrink level: level 0 is the audience's own; each level takes one point per section,
 * one figure and 10 characters per point off, down to one point, one figure, 30 characters.
 */
export function budgetAt(audience: Audience, level: number) {
  return {
    points: Math.max(1, audience.points - level),
    pointChars: Math.max(30, audience.pointChars - 10 * level),
    figures: Math.max(Math.min(1, audience.figures), audience.figures - level),
  };
}

/**
 * Builds the data a template sees. Article text is pre-escaped (see README, "Templates").
 * @param model the brief model
 * @param key the audience key
 * @param audience the audience's config
 * @param labels labels in the article's language
 * @param date the brief's date
 * @param level shrink level (0 = the audience's own budgets)
 */
export function buildView(
  model: BriefModel,
  key: string,
  audience: Audience,
  labels: Record<string, string>,
  date: Date,
  level = 0,
) {
  const budget = budgetAt(audience, level);
  const pointBudget = { count: budget.points, maxChars: budget.pointChars };
  const kinds = audience.sections;
  const sections: SectionView[] = mergeUnheaded(model.sections)
    .filter((s) => kinds.includes(s.kind))
    .sort(
      (a, b) =>
        kinds.indexOf(a.kind) - kinds.indexOf(b.kind) ||
        ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
        a.firstParagraph - b.firstParagraph,
    )
    .map((s, i) => ({
      id: String(i + 1),
      kind: s.kind,
      kindLabel: labels[s.kind] ?? s.kind,
      heading: s.heading,
      paragraphs: s.paragraphs,
      firstParagraph: s.firstParagraph,
      points: selectPoints(
        [...s.points]
          .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
          .map((p) => ({ ...p, score: p.score ?? 0 })),
        pointBudget,
      ),
    }));
  // Dates say when, not how much: they fill the box only when too few other figures exist.
  const ranked = [
    ...model.keyFigures.filter((f) => f.kind !== "date"),
    ...model.keyFigures.filter((f) => f.kind === "date"),
  ];
  const figures = ranked
    .slice(0, budget.figures)
    .map((f) => ({ ...f, clause: figureClause(f.sentence, f.value) }));
  return {
    lang: model.lang,
    labels,
    audience: { key, title: audienceTitle(audience, key, model.lang) },
    date: date.toISOString().slice(0, 10),
    showProvenance: audience.provenance,
    brief: safeDeep({
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
      slug: model.slug,
    }),
    bottomLine: safeDeep(model.bottomLine),
    sections: sections.map((s) => ({
      ...s,
      heading: safeDeep(s.heading),
      paragraphs: safeDeep(s.paragraphs),
      points: safeDeep(s.points),
    })),
    opportunities: safeDeep(pick(candidates(model, ["context", "achievements"]), OPPORTUNITY, pointBudget)),
    risks: safeDeep(pick(candidates(model, ["challenges"]), null, pointBudget)),
    actions: safeDeep(
      pick(candidates(model, ["recommendations"]), BUSINESS, {
        ...pointBudget,
        count: pointBudget.count + 1,
      }),
    ),
    keyFigures: safeDeep(figures),
    references: safeDeep(model.references),
  };
}
