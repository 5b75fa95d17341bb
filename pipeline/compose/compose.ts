/**
 * The compose stage: a brief model and an audience become an HTML page (its print header and footer
 * are `@page` margin boxes in it) and the document's metadata, by filling Handlebars templates in
 * strict mode. Compose returns HTML; it never prints.
 * @module
 */
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import { parse as parseYaml } from "yaml";
import { type Audience, audienceTitle, type Config } from "../config/schema.js";
import { BriefError } from "../errors.js";
import { fontVariables } from "../fonts/css.js";
import type { BriefModel } from "../structure/model.js";
import { registerHelpers } from "./helpers.js";
import { briefMeta, type DocumentMeta } from "./meta.js";
import { templateError } from "./template-error.js";
import { displayPath, listTemplates, resolveTemplate, templateFilesFor } from "./templates.js";
import { buildView } from "./view.js";

export type { DocumentMeta } from "./meta.js";
export { budgetAt, buildView, figureClause, fitLevels, type SectionView } from "./view.js";

/** What compose hands to render: the page and what its PDF says about itself. */
export interface Composed {
  html: string;
  meta: DocumentMeta;
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

type Compiled = HandlebarsTemplateDelegate;

/** Compiles template files once each (parsed once: syntax errors surface with the file's name). */
function fileCompiler(hb: typeof Handlebars): (file: string) => Compiled {
  const compiled = new Map<string, Compiled>();
  return (file) => {
    const known = compiled.get(file);
    if (known) return known;
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch (error) {
      throw new BriefError("cannot read template", { place: { file: displayPath(file) }, cause: error });
    }
    let ast: hbs.AST.Program;
    try {
      ast = hb.parse(source);
    } catch (error) {
      throw templateError(error, file, source, "template cannot compile");
    }
    const template = hb.compile(ast, { strict: true, noEscape: false });
    const fn: Compiled = (context, options) => {
      try {
        return template(context, options);
      } catch (error) {
        throw templateError(error, file, source, "template failed");
      }
    };
    compiled.set(file, fn);
    return fn;
  };
}

/** Registers every partial; a broken one is remembered and fails the briefs that compose. */
function registerPartials(hb: typeof Handlebars, dirs: readonly string[], compile: (f: string) => Compiled) {
  const errors: BriefError[] = [];
  for (const [name, file] of listTemplates(dirs, "partials", ".hbs")) {
    try {
      hb.registerPartial(name, compile(file));
    } catch (error) {
      errors.push(error as BriefError);
    }
  }
  return errors;
}

/**
 * Labels per language (falling back to Chinese), the stylesheet (after the custom properties naming
 * the configured fonts), and required template files.
 */
function resources(dirs: readonly string[], fonts: Config["fonts"]) {
  const labels = new Map<string, Record<string, string>>();
  const cssFile = resolveTemplate(dirs, "styles/brief.css");
  return {
    css: `${fontVariables(fonts)}\n${cssFile ? readFileSync(cssFile, "utf8") : ""}`,
    labelsFor(lang: string): Record<string, string> {
      const known = labels.get(lang);
      if (known) return known;
      const file = resolveTemplate(dirs, `labels/${lang}.yaml`) ?? resolveTemplate(dirs, "labels/zh.yaml");
      const value = file ? (parseYaml(readFileSync(file, "utf8")) as Record<string, string>) : {};
      labels.set(lang, value);
      return value;
    },
    required(name: string): string {
      const file = resolveTemplate(dirs, name);
      if (!file)
        throw new BriefError(`template not found: ${name}`, {
          hint: `add ${name} to your templates folder or restore the default`,
        });
      return file;
    },
  };
}

/**
 * Creates a composer: loads labels, stylesheet and partials from the template folders.
 * @param config the run's config (templateDirs, audiences, fonts)
 */
export function createComposer(config: Pick<Config, "templateDirs" | "audiences" | "fonts">): Composer {
  const hb = Handlebars.create();
  const dirs = config.templateDirs;
  let currentLabels: Record<string, string> = {};
  registerHelpers(hb, () => currentLabels);
  const compile = fileCompiler(hb);
  const partialErrors = registerPartials(hb, dirs, compile);
  const { css, labelsFor, required } = resources(dirs, config.fonts);
  const audienceOf = (key: string): Audience => {
    const audience = config.audiences[key];
    if (!audience)
      throw new BriefError(`unknown audience "${key}"`, { hint: "add it under audiences: in config.yaml" });
    return audience;
  };
  return {
    filesFor: (key) => (config.audiences[key] ? templateFilesFor(dirs, audienceOf(key).template) : []),
    compose(model, key, { date = new Date(), level = 0 } = {}) {
      const audience = audienceOf(key);
      if (partialErrors[0]) throw partialErrors[0];
      const fill = (name: string) => compile(required(name));
      const [layout, body] = [fill("layout.hbs"), fill(`audiences/${audience.template}.hbs`)] as const;
      currentLabels = labelsFor(model.lang);
      const data = { ...buildView(model, key, audience, currentLabels, date, level), css };
      return {
        // Templates leave indentation on blank lines; briefs have no <pre>, so trailing blanks go.
        html: layout({ ...data, body: body(data) })
          .replace(/[ \t]+$/gm, "")
          .replace(/\n{3,}/g, "\n\n"),
        meta: briefMeta(model, audienceTitle(audience, key, model.lang)),
      };
    },
  };
}
