/**
 * The one schema of `config.yaml`: every key with its type, default and meaning. The README's config
 * reference follows this file.
 * @module
 */
import { z } from "zod";
import { type Channel, ChannelSchema } from "../deliver/schema.js";
import { DEFAULT_FONTS, type ResolvedFonts } from "../fonts/find.js";
import { HttpUrl } from "../shapes.js";
import { SECTION_KINDS } from "../structure/model.js";

/** A CSS length such as `18mm`, `0.7in` or `12px`. */
const Length = z
  .string()
  .regex(/^\d+(\.\d+)?(mm|cm|in|px)$/, "expected a length like 18mm, 1cm, 0.5in or 12px");

/**
 * The font of a role: a family of an installed `@fontsource` package (`Noto Serif SC`) or its package
 * name (`@fontsource/noto-serif-sc`), or a local font file (`.ttf`, `.otf`, `.woff`, `.woff2`, relative
 * to the config file), or a list of these in fallback order (e.g. a Latin face, then a Chinese one;
 * or a family's regular and bold files).
 */
const FontSpec = z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(12)]);

/** One audience: who reads the brief and what it shows. */
export const AudienceSchema = z
  .object({
    /** Name shown on the brief (e.g. 领导速览); default: the audience's key. */
    title: z
      .union([z.string(), z.object({ zh: z.string(), en: z.string() }).strict()])
      .optional()
      .describe("name shown on the brief (or one per language: {zh, en}); default: the audience key"),
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

/** A channel as validated. */
export type { Channel };
/** A delivery channel (the delivery stage owns its shape). */
export { ChannelSchema };

const Lang = z.enum(["zh", "en"]);

/** A feed a job follows: its URL, or the URL with overrides. */
export const FeedSourceSchema = z.union([
  HttpUrl,
  z
    .object({
      url: HttpUrl,
      /** Items taken from this feed; default the job's `maxItems`. */
      maxItems: z.number().int().min(1).max(500).optional(),
      /** Language of its articles, over what the pages say. */
      lang: Lang.optional(),
      /** Column shown on its briefs (default: the site's name). */
      column: z.string().min(1).optional(),
    })
    .strict(),
]);

/** A page a job reads: an article URL, or a listing page with a CSS selector for article links. */
export const PageSourceSchema = z.union([
  HttpUrl,
  z
    .object({
      url: HttpUrl,
      /** CSS selector of article links on a listing page; without it the page is an article. */
      selector: z.string().min(1).optional(),
      maxItems: z.number().int().min(1).max(500).optional(),
      lang: Lang.optional(),
      column: z.string().min(1).optional(),
    })
    .strict(),
]);

/** How feeds and pages are fetched: politely, safely, within bounds. */
export const FetchSchema = z
  .object({
    /** User-Agent sent; default `policy-brief/<version>`. */
    userAgent: z.string().min(1).nullable().default(null),
    /** Milliseconds between two requests to one host (robots.txt Crawl-delay may raise it). */
    delayMs: z.number().int().min(0).max(600000).default(1000),
    /** Milliseconds to connect, and for one whole request. */
    connectTimeoutMs: z.number().int().min(100).max(120000).default(10000),
    timeoutMs: z.number().int().min(100).max(600000).default(30000),
    /** Largest response read, in bytes. */
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .default(10 * 1024 * 1024),
    /** Retries after a 5xx answer, a timeout or a reset connection (never after a 4xx). */
    retries: z.number().int().min(0).max(10).default(2),
    /** Honour robots.txt. */
    robots: z.boolean().default(true),
    /** Private, loopback and link-local addresses are refused unless allowed: true, or hosts/CIDRs. */
    allowPrivate: z.union([z.boolean(), z.array(z.string().min(1))]).default(false),
  })
  .strict();

/** A scheduled job. */
export const JobSchema = z
  .object({
    /** node-cron expression (5 fields, or 6 with seconds). */
    cron: z.string().min(1),
    /** IANA time zone; default: the top-level `timezone`. */
    timezone: z.string().optional(),
    /** Glob(s) of the sources this job builds; default: the top-level `sources`. */
    sources: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    /** Audience keys; default: all. */
    audiences: z.array(z.string()).min(1).optional(),
    /** Channel names (keys of `channels`). */
    deliver: z.array(z.string()).default([]),
    /** A folder where raw pages or Markdown files are dropped; ingested at the start of each run. */
    inbox: z.string().optional(),
    /** RSS 2.0 / Atom feeds whose new items become sources at the start of each run. */
    feeds: z.array(FeedSourceSchema).default([]),
    /** Article pages, or listing pages (with `selector`), read at the start of each run. */
    pages: z.array(PageSourceSchema).default([]),
    /** Items taken per feed or listing page. */
    maxItems: z.number().int().min(1).max(500).default(20),
    /** Only feed items published since this date; default: the job's last successful run. */
    since: z
      .union([z.string().datetime({ offset: true }), z.string().date(), z.date()])
      .transform((d) => (d instanceof Date ? d.toISOString() : d))
      .optional(),
    /** `changed`: only briefs new or changed since this job last delivered them; `all`: every brief. */
    send: z.enum(["changed", "all"]).default("changed"),
    /** One PDF per audience per run joining the run's briefs, with a cover and contents. */
    digest: z.boolean().default(false),
    /** A run missed while the daemon was down is caught up once if it is at most this old. */
    catchUpMinutes: z.number().int().min(0).max(10080).default(60),
  })
  .strict();
/** A job as validated. */
export type Job = z.infer<typeof JobSchema>;

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
        /**
         * Run Chromium's renderer inside the browser process (--single-process): a new page costs ~40 ms
         * instead of ~300 ms here, so short runs finish sooner; false isolates pages in processes.
         * Never used while `javaScript` is on: a page's endless script would then stall every page.
         */
        singleProcess: z.boolean().default(true),
        /** Let rendered pages run JavaScript (off: templates are static). */
        javaScript: z.boolean().default(false),
        /** Briefs printing at once (one browser page each); default: the number of cores, at most 4. */
        concurrency: z.number().int().min(1).max(16).nullable().default(null),
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
    /** Fonts per role; printing loads them from their packages or files (README: Fonts). */
    fonts: z
      .object({
        /** Running text. */
        body: FontSpec.default(DEFAULT_FONTS.body).describe("font of running text"),
        /** Titles, headings, labels, the page header and footer. */
        headings: FontSpec.default(DEFAULT_FONTS.headings).describe("font of titles, headings and labels"),
        /** Running text of English briefs, before `body` (whose CJK faces then cover the rest). */
        latinBody: FontSpec.default(DEFAULT_FONTS.latinBody).describe(
          "font of running text in English briefs",
        ),
        /** Titles and headings of English briefs, before `headings`. */
        latinHeadings: FontSpec.default(DEFAULT_FONTS.latinHeadings).describe(
          "font of headings in English briefs",
        ),
      })
      .strict()
      .default({}),
    /** Default IANA time zone of jobs. */
    timezone: z.string().default("Asia/Shanghai"),
    /** Folder for the daemon's state (last runs, delivery journal), relative to the config file. */
    state: z.string().default(".brief-state"),
    /** How jobs fetch their feeds and pages. */
    fetch: FetchSchema.default({}),
    /** After SIGTERM, how long the daemon lets a run's deliveries in flight finish before cutting them (ms). */
    drainMs: z.number().int().min(0).max(600000).default(30000),
    /** Run manifests kept in <out>/runs. */
    history: z.number().int().min(1).max(10000).default(50),
    channels: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/, "channel names are lower-case words"), ChannelSchema)
      .default({}),
    jobs: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/, "job names are lower-case words"), JobSchema)
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
export interface Config
  extends Omit<ConfigInput, "sources" | "out" | "templates" | "structure" | "jobs" | "fonts"> {
  /** Absolute folder of the daemon's state. */
  stateDir: string;
  /** Jobs with absolute source globs and inbox. */
  jobs: Record<
    string,
    Omit<Job, "sources" | "inbox"> & { sources: string[]; inbox?: string; timezone: string }
  >;
  /** The config file's path. */
  file: string;
  /** The folder paths are relative to. */
  root: string;
  sources: string[];
  out: string;
  /** Template folders, most specific first: the user's, then the defaults. */
  templateDirs: string[];
  structure: { cues: string[] };
  /** Per role, the font families found (packages or local files), in fallback order. */
  fonts: ResolvedFonts;
}

/**
 * The name of an audience in a language: its `title` (or the title for that language), else its key.
 * @param audience the audience's config
 * @param key the audience's key
 * @param lang the brief's language (default zh)
 */
export function audienceTitle(audience: Audience | undefined, key: string, lang: "zh" | "en" = "zh"): string {
  const t = audience?.title;
  if (t === undefined) return key;
  return typeof t === "string" ? t : t[lang];
}
