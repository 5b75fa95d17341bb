/**
 * The compose stage: a brief model and an audience become an HTML page (plus the PDF header and
 * footer), by filling Handlebars templates in strict mode. Compose returns HTML; it never prints.
 * @module
 */
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import { parse as parseYaml } from "yaml";
import type { Audience, Config } from "../config/schema.js";
import { BriefError } from "../errors.js";
import type { BriefModel, Point, SectionKind } from "../structure/model.js";
import { selectPoints } from "../structure/points.js";
import { registerHelpers } from "./helpers.js";
import { displayPath, listTemplates, resolveTemplate } from "./templates.js";

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

/** A template failure, naming the template file and line. */
function templateError(error: unknown, file: string, what: string): BriefError {
  if (error instanceof BriefError) return error;
  const e = error as { message?: string; lineNumber?: number; column?: number };
  const message = String(e.message ?? error).split("\n")[0] as string;
  const fromMessage = /line (\d+)/.exec(String(e.message)) ?? / - (\d+):\d+$/.exec(message);
  const line = e.lineNumber ?? (fromMessage ? Number(fromMessage[1]) : undefined);
  return new BriefError(`${what}: ${message.replace(/ - \d+:\d+$/, "")}`, {
    place: { file: displayPath(file), ...(line ? { line } : {}) },
    hint: "fix the template, or delete it from your templates folder to use the default",
    cause: error,
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
  compose(model: BriefModel, audienceKey: string, date?: Date): Composed;
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
        throw templateError(error, file, "template failed");
      }
    };
    // Compile now, so syntax errors surface with the file's name.
    try {
      hb.precompile(source, { strict: true });
    } catch (error) {
      throw templateError(error, file, "template has a syntax error");
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

  const audienceFiles = (audience: Audience): string[] => [
    required("layout.hbs"),
    required(`audiences/${audience.template}.hbs`),
    ...partialFiles.values(),
    ...(cssFile ? [cssFile] : []),
    ...[...listTemplates(dirs, "labels", ".yaml").values()],
  ];

  return {
    filesFor(audienceKey) {
      const audience = config.audiences[audienceKey];
      return audience ? audienceFiles(audience) : [];
    },
    compose(model, audienceKey, date = new Date()) {
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
      const view = buildView(model, audienceKey, audience, labels, date);
      const data = { ...view, css };
      const bodyHtml = body(data);
      return {
        html: layout({ ...data, body: bodyHtml }),
        headerTemplate: header(data),
        footerTemplate: footer(data),
      };
    },
  };
}

/** The bottom line: the lead's best point, else the first recommendation, else the first point. */
function bottomLine(model: BriefModel): string | null {
  const lead = model.sections.find((s) => s.kind === "context") ?? model.sections[0];
  const best = lead ? [...lead.points].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0] : undefined;
  return best ? `${best.text}${model.lang === "zh" ? "。" : "."}` : null;
}

/**
 * Builds the data a template sees. Article text is pre-escaped (see README, "Templates").
 * @returns `{ lang, labels, audience, brief, sections, keyFigures, references, date, bottomLine }`
 */
export function buildView(
  model: BriefModel,
  key: string,
  audience: Audience,
  labels: Record<string, string>,
  date: Date,
) {
  const kinds = audience.sections;
  const sections: SectionView[] = model.sections
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
        { count: audience.points, maxChars: audience.pointChars },
      ),
    }));
  return {
    lang: model.lang,
    labels,
    audience: { key, title: audience.title ?? key },
    date: date.toISOString().slice(0, 10),
    showProvenance: false,
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
      slug: model.slug,
    }),
    bottomLine: safeDeep(bottomLine(model)),
    sections: sections.map((s) => ({
      ...s,
      heading: safeDeep(s.heading),
      paragraphs: safeDeep(s.paragraphs),
      points: safeDeep(s.points),
    })),
    keyFigures: safeDeep(model.keyFigures.slice(0, audience.figures)),
    references: safeDeep(model.references),
  };
}
