/**
 * The one schema of `config.yaml`: every key with its type, default and meaning. The README's config
 * reference follows this file.
 * @module
 */
import { z } from "zod";
import { SECTION_KINDS } from "../structure/model.js";

/** A CSS length such as `18mm`, `0.7in` or `12px`. */
const Length = z
  .string()
  .regex(/^\d+(\.\d+)?(mm|cm|in|px)$/, "expected a length like 18mm, 1cm, 0.5in or 12px");

/** One audience: who reads the brief and what it shows. */
export const AudienceSchema = z
  .object({
    /** Name shown on the brief (e.g. 领导速览); default: the audience's key. */
    title: z.string().optional().describe("name shown on the brief; default: the audience key"),
    /** Template name: `templates/audiences/<template>.hbs`. */
    template: z.string().min(1).describe("templates/audiences/<template>.hbs"),
    /** Section kinds shown, in this order. */
    sections: z
      .array(z.enum(SECTION_KINDS))
      .min(1)
      .default(["context", "achievements", "challenges", "recommendations"])
      .describe("section kinds shown, in this order"),
    /** Key points per section. */
    points: z.number().int().min(0).max(20).default(3).describe("key points per section"),
    /** Characters per key point (longer ones are cut at a clause, never mid-sentence). */
    pointChars: z.number().int().min(20).max(1000).default(120).describe("characters per key point"),
    /** Key figures shown. */
    figures: z.number().int().min(0).max(30).default(4).describe("key figures shown"),
    /** Show paragraph references (第N段) next to points, figures and documents. */
    provenance: z.boolean().default(false).describe("show paragraph references back to the source"),
    /** At most this many PDF pages: budgets shrink (fewer points, figures) until the brief fits. */
    maxPages: z
      .number()
      .int()
      .min(1)
      .max(50)
      .nullable()
      .default(null)
      .describe("shrink budgets until the PDF fits"),
  })
  .strict();

/** The whole config file. */
export const ConfigSchema = z
  .object({
    /** Glob(s) of Markdown sources, relative to the config file. */
    sources: z.union([z.string(), z.array(z.string()).min(1)]).default("sources/*.md"),
    /** Output folder, relative to the config file. */
    out: z.string().default("dist"),
    /** A folder of your own templates; a file there overrides the default of the same name. */
    templates: z.string().nullable().default(null),
    structure: z
      .object({
        /** Extra cue files (same shape as pipeline/structure/cues.yaml), merged over the defaults. */
        cues: z.array(z.string()).default([]),
      })
      .strict()
      .default({}),
    browser: z
      .object({
        /** Path of Chrome/Chromium; else PUPPETEER_EXECUTABLE_PATH, then system browsers, then Puppeteer's cache. */
        executablePath: z.string().nullable().default(null),
        /** Milliseconds one render (load + print) may take. */
        timeoutMs: z.number().int().min(1000).max(600000).default(30000),
        /** Let rendered pages run JavaScript (off: templates are static). */
        javaScript: z.boolean().default(false),
        /** Pages rendering at once; default: the number of cores, at most 4. */
        pages: z.number().int().min(1).max(16).nullable().default(null),
      })
      .strict()
      .default({}),
    pdf: z
      .object({
        format: z.enum(["A4", "A5", "A3", "Letter", "Legal"]).default("A4"),
        margin: z
          .object({
            top: Length.default("22mm"),
            bottom: Length.default("20mm"),
            left: Length.default("18mm"),
            right: Length.default("18mm"),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    /** Audiences by key: each names its template and the section kinds it shows. */
    audiences: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]*$/, "audience keys are lower-case words (a-z, 0-9, -)"),
        AudienceSchema,
      )
      .refine((a) => Object.keys(a).length > 0, "define at least one audience"),
  })
  .strict();

/** A validated config as written. */
export type ConfigInput = z.infer<typeof ConfigSchema>;
/** One audience as validated. */
export type Audience = z.infer<typeof AudienceSchema>;

/** The resolved config: absolute paths, frozen. */
export interface Config extends Omit<ConfigInput, "sources" | "out" | "templates" | "structure"> {
  /** The config file's path. */
  file: string;
  /** The folder paths are relative to. */
  root: string;
  sources: string[];
  out: string;
  /** Template folders, most specific first: the user's, then the defaults. */
  templateDirs: string[];
  structure: { cues: string[] };
}
