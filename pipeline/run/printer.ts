/**
 * The run's printer: one renderer (one browser) for everything a run prints — briefs and digests —
 * made on first use, so a run with nothing to print launches no browser, and closed by the run unless
 * the caller lent its own.
 * @module
 */
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import type { PDFOptions } from "puppeteer-core";
import type { Composed } from "../compose/compose.js";
import type { Config } from "../config/schema.js";
import { type FoundBrowser, findBrowser, launchBrowser } from "../render/browser.js";
import { createRenderer, type Renderer } from "../render/pool.js";
import { type Printed, printableArea, type RenderOptions } from "../render/render.js";
import type { Reporter, RunOptions } from "./types.js";

/** A document to print: its HTML and the PDF header and footer. */
export type Printable = Composed;

/** What the run prints with. */
export interface Printer {
  /** Briefs printing at once. */
  readonly concurrency: number;
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

/**
 * Makes the run's printer; nothing starts until the first print (or `warm`).
 * @param config the run's config (browser, pdf, template folders)
 * @param options the run's options (a lent renderer, a launch function)
 */
export function printer(config: Config, options: RunOptions): Printer {
  const reporter: Reporter = options.reporter;
  const concurrency = Math.max(1, config.browser.concurrency ?? Math.min(4, availableParallelism()));
  let renderer = options.renderer;
  const lentLaunches = options.renderer?.launches ?? 0;
  let found: FoundBrowser | undefined;
  const get = () => {
    renderer ??= ownRenderer(config, options, concurrency, found);
    return renderer;
  };
  const allow = config.templateDirs.map((d) => pathToFileURL(d).href.replace(/\/?$/, "/"));
  const area = printableArea(config.pdf.format, config.pdf.margin);
  const renderOptions = (doc: Printable, label: string): RenderOptions => ({
    label,
    timeoutMs: config.browser.timeoutMs,
    allow,
    javaScript: config.browser.javaScript,
    pdf: {
      format: config.pdf.format as PDFOptions["format"],
      margin: config.pdf.margin,
      displayHeaderFooter: true,
      headerTemplate: doc.headerTemplate,
      footerTemplate: doc.footerTemplate,
    },
    onEvent: (e) => reporter.warn(`  ${label}: ${e.type}: ${e.text}`),
  });
  return {
    concurrency,
    async warm() {
      if (!renderer && !options.launch) found = await findBrowser(config.browser.executablePath);
      get().warm();
    },
    print: (doc, label, fit) =>
      get().render(doc.html, { ...renderOptions(doc, label), ...(fit ? { fit: { ...fit, area } } : {}) }),
    get launches() {
      return (renderer?.launches ?? 0) - lentLaunches;
    },
    async close() {
      if (renderer && renderer !== options.renderer) await renderer.close();
    },
  };
}
