/**
 * The run's printer: one renderer (one browser) for everything a run prints — briefs and digests —
 * made on first use, so a run with nothing to print launches no browser, and closed by the run unless
 * the caller lent its own.
 * @module
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PDFOptions } from "puppeteer-core";
import type { Composed } from "../compose/compose.js";
import type { Config } from "../config/schema.js";
import { type PrintFonts, printFonts } from "../fonts/print.js";
import { PROJECT_ROOT, TOOL_VERSION } from "../paths.js";
import { type FoundBrowser, findBrowser, launchBrowser } from "../render/browser.js";
import { setPdfInfo } from "../render/pdf-info.js";
import { createRenderer, type Renderer } from "../render/pool.js";
import { type Printed, printableArea, type RenderOptions } from "../render/render.js";
import type { Reporter, RunOptions } from "./types.js";

/** A document to print: its HTML and what the PDF says about itself (title, authors…). */
export type Printable = Composed;

/** The empty `file://` document pages open first, so they may load the configured font files. */
export const PRINT_BASE = pathToFileURL(join(PROJECT_ROOT, "pipeline/render/blank.html")).href;

/** What the run prints with. */
export interface Printer {
  /** Briefs printing at once. */
  readonly concurrency: number;
  /** The configured fonts documents print with (and the written HTML links). */
  readonly fonts: PrintFonts;
  /**
   * Finds the browser (throwing, with the fix, when there is none: no brief could print) and starts it
   * now, overlapping its start-up with structuring; launch errors surface at the first print.
   */
  warm(): Promise<void>;
  /**
   * Prints a document; with `variant`, fits it to `maxPages` (level 1, 2, … are ever shorter variants).
   * @param doc the composed document
   * @param label name for messages
   * @param fit the page limit and the variants
   */
  print(
    doc: Printable,
    label: string,
    fit?: { maxPages: number; variant: (level: number) => string | undefined },
  ): Promise<Printed>;
  /** Browsers launched for this run so far. */
  readonly launches: number;
  /** Closes the renderer if the run made it. */
  close(): Promise<void>;
}

/** The renderer a run makes for itself: the configured (or found) browser. */
function ownRenderer(
  config: Config,
  options: RunOptions,
  concurrency: number,
  found?: FoundBrowser,
): Renderer {
  const { reporter } = options;
  const singleProcess = config.browser.singleProcess && !config.browser.javaScript;
  return createRenderer({
    launch:
      options.launch ??
      (async () =>
        launchBrowser(found ?? (await findBrowser(config.browser.executablePath)), {}, { singleProcess })),
    concurrency,
    freshPage: options.freshPage ?? false,
    onEvent: (text) => {
      if (!text.startsWith("trace:") || process.env.BRIEF_TRACE === "1") reporter.warn(`  ${text}`);
    },
  });
}

/** Render options, fonts and page area shared by every document a run prints. */
function printSetup(config: Config, reporter: Reporter) {
  const fonts = printFonts(config.fonts);
  let allow: string[] | undefined;
  // Template folders (anything under them), the base page, and exactly the configured fonts' files;
  // made on first print, so a run that prints nothing reads no font.
  const allowList = () => {
    allow ??= [
      ...config.templateDirs.map((d) => pathToFileURL(d).href.replace(/\/?$/, "/")),
      PRINT_BASE,
      ...fonts.allow,
    ];
    return allow;
  };
  return {
    fonts,
    area: printableArea(config.pdf.format, config.pdf.margin),
    options: (doc: Printable, label: string): RenderOptions => ({
      label,
      timeoutMs: config.browser.timeoutMs,
      allow: allowList(),
      base: PRINT_BASE,
      fonts,
      mustShow: doc.meta.title,
      javaScript: config.browser.javaScript,
      pdf: { format: config.pdf.format as PDFOptions["format"], margin: config.pdf.margin },
      onEvent: (e) => reporter.warn(`  ${label}: ${e.type}: ${e.text}`),
    }),
  };
}

/**
 * Makes the run's printer; nothing starts until the first print (or `warm`). Each document prints
 * with the configured fonts (registered on the printing page, never added to its HTML), and its PDF
 * gets the document's metadata.
 * @param config the run's config (browser, pdf, template folders, fonts)
 * @param options the run's options (a lent renderer, a launch function)
 */
export function printer(config: Config, options: RunOptions): Printer {
  const concurrency = Math.max(1, config.browser.concurrency ?? Math.min(4, availableParallelism()));
  let renderer = options.renderer;
  const lentLaunches = options.renderer?.launches ?? 0;
  let found: FoundBrowser | undefined;
  const get = () => {
    renderer ??= ownRenderer(config, options, concurrency, found);
    return renderer;
  };
  const setup = printSetup(config, options.reporter);
  return {
    concurrency,
    fonts: setup.fonts,
    async warm() {
      if (!renderer && !options.launch) found = await findBrowser(config.browser.executablePath);
      get().warm();
    },
    async print(doc, label, fit) {
      const printed = await get().render(doc.html, {
        ...setup.options(doc, label),
        ...(fit ? { fit: { ...fit, area: setup.area } } : {}),
      });
      const info = { ...doc.meta, creator: `policy-brief ${TOOL_VERSION}` };
      return { ...printed, pdf: setPdfInfo(printed.pdf, info) };
    },
    get launches() {
      return (renderer?.launches ?? 0) - lentLaunches;
    },
    async close() {
      if (renderer && renderer !== options.renderer) await renderer.close();
    },
  };
}
