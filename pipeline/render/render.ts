/**
 * The render stage: HTML in, PDF bytes out. Knows nothing of articles or audiences. Pages come from
 * `preparePage` (JavaScript off, requests other than inline data and the template folders aborted and
 * reported) and are printed by `printPage`; the pool in `pool.ts` owns their lifecycle.
 * @module
 */
import type { Browser, HTTPRequest, Page, PDFOptions } from "puppeteer-core";
import { BriefError } from "../errors.js";
import { assertGlyphs, loadDocument, type PageFonts } from "./fonts.js";

/** What one render needs besides the HTML. */
export interface RenderOptions {
  /** Puppeteer PDF options (format, margin, header/footer…); user values over defaults. */
  pdf: PDFOptions;
  /** Milliseconds for load + print. */
  timeoutMs: number;
  /** Name for messages (e.g. `sources/a.md → executive`). */
  label: string;
  /**
   * What pages may load: a URL ending in `/` allows everything under it (a template folder), any other
   * allows exactly that URL (a font file); everything else is aborted.
   */
  allow?: readonly string[];
  /**
   * A `file://` document a new page opens before its first brief, so the page may load the allowed
   * local files (Chromium refuses `file://` requests from `about:blank`); it must be allowed too.
   */
  base?: string;
  /** The fonts to print with, registered on the page (their files must be allowed). */
  fonts?: PageFonts;
  /** Text that must print with glyphs of `fonts` (the title); else printing fails. */
  mustShow?: string;
  /** Receives blocked requests, console errors and page errors. */
  onEvent?: (event: { type: "blocked" | "console" | "pageerror"; text: string }) => void;
  /** Let the page run JavaScript (off unless a template needs it). */
  javaScript?: boolean;
  /**
   * Fit to a page count: `variant(level)` gives ever shorter HTML for level 1, 2, … (undefined past
   * the last; level 0 is the HTML given); the fullest whose print layout fits `maxPages` is printed.
   */
  fit?: {
    maxPages: number;
    area: { width: number; height: number };
    variant: (level: number) => string | undefined;
  };
}

/** A printed document and the HTML that was printed (a fitted variant may differ from the input). */
export interface Printed {
  pdf: Uint8Array;
  html: string;
  level: number;
  /** For a fitted document: its content height over the printable height of its pages. */
  fill?: number;
}

const PAGE_MM: Record<string, [number, number]> = {
  A3: [297, 420],
  A4: [210, 297],
  A5: [148, 210],
  Letter: [215.9, 279.4],
  Legal: [215.9, 355.6],
};
const toMm = (length: string): number => {
  const m = /^(\d+(?:\.\d+)?)(mm|cm|in|px)$/.exec(length);
  if (!m) return 0;
  const n = Number(m[1]);
  return m[2] === "mm" ? n : m[2] === "cm" ? n * 10 : m[2] === "in" ? n * 25.4 : (n * 25.4) / 96;
};

/**
 * The printable area of a page in CSS pixels (96 per inch), for fitting.
 * @param format paper format (A4…)
 * @param margin page margins as CSS lengths
 */
export function printableArea(
  format: string,
  margin: { top: string; bottom: string; left: string; right: string },
) {
  const [w, h] = PAGE_MM[format] ?? [210, 297];
  const px = (mm: number) => (mm / 25.4) * 96;
  return {
    width: px(w - toMm(margin.left) - toMm(margin.right)),
    height: px(h - toMm(margin.top) - toMm(margin.bottom)),
  };
}

const DEFAULT_PDF: PDFOptions = {
  format: "A4",
  printBackground: true,
  preferCSSPageSize: false,
  outline: true,
  tagged: true,
};

/** Allow lists split into exact URLs and folder prefixes, once per list. */
const allowLists = new WeakMap<readonly string[], { exact: Set<string>; folders: string[] }>();

function allowed(request: HTTPRequest, allow: readonly string[]): boolean {
  const url = request.url();
  if (url.startsWith("data:") || url === "about:blank") return true;
  let list = allowLists.get(allow);
  if (!list) {
    list = {
      exact: new Set(allow.filter((a) => !a.endsWith("/"))),
      folders: allow.filter((a) => a.endsWith("/")),
    };
    allowLists.set(allow, list);
  }
  return list.exact.has(url) || list.folders.some((prefix) => url.startsWith(prefix));
}

/** The options of the render a page is doing now (pages are reused across briefs). */
const pageOptions = new WeakMap<Page, RenderOptions>();

/**
 * Opens a page ready to print: JavaScript off (unless asked for), every request filtered.
 * @param browser the run's browser
 * @param options the first render's options (later renders replace them)
 */
export async function preparePage(browser: Browser, options: RenderOptions): Promise<Page> {
  const page = await browser.newPage();
  pageOptions.set(page, options);
  await page.setJavaScriptEnabled(options.javaScript ?? false);
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const current = pageOptions.get(page);
    if (allowed(request, current?.allow ?? [])) void request.continue();
    else {
      current?.onEvent?.({ type: "blocked", text: `blocked request to ${request.url()}` });
      void request.abort("blockedbyclient");
    }
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") pageOptions.get(page)?.onEvent?.({ type: "console", text: msg.text() });
  });
  page.on("pageerror", (error) =>
    pageOptions.get(page)?.onEvent?.({ type: "pageerror", text: String(error) }),
  );
  if (options.base) await page.goto(options.base, { waitUntil: "load", timeout: options.timeoutMs });
  return page;
}

/** Loads HTML into the page and prints it. */
async function printAs(page: Page, html: string, options: RenderOptions, level: number): Promise<Printed> {
  await loadDocument(page, html, options);
  if (options.mustShow && options.fonts) await assertGlyphs(page, options.mustShow, options.fonts);
  const pdf = await page.pdf({ ...DEFAULT_PDF, ...options.pdf, timeout: options.timeoutMs });
  return { pdf, html, level };
}

/**
 * Measures documents as print would lay them out, in CSS pixels: the first is loaded in print media at
 * the printable width; the next ones (variants of one brief, with the same head) only replace the
 * body, which is much cheaper than loading a page.
 */
function printMeasurer(page: Page, options: RenderOptions, area: { width: number }) {
  let loaded = false;
  return {
    async height(html: string): Promise<number> {
      if (!loaded) {
        await page.emulateMediaType("print");
        await page.setViewport({ width: Math.floor(area.width), height: 800 });
        await loadDocument(page, html, options);
        loaded = true;
      } else {
        const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? "";
        await page.evaluate(async (b) => {
          document.body.innerHTML = b;
          await document.fonts.ready;
        }, body);
      }
      return page.evaluate(() => document.documentElement.getBoundingClientRect().height);
    },
    async done(): Promise<void> {
      if (loaded) await page.emulateMediaType();
      loaded = false;
    },
  };
}

/** Share of the printable height a measured layout may fill and still be expected to print in place. */
const FIT_MARGIN = 0.99;

/**
 * The one place briefs are fitted to their pages. Variants run from the most content (level 0, the
 * HTML given) to the least; a binary search over their print layouts finds the fullest one that fits
 * `maxPages`, which is printed; if the printed page count is still over, the next shorter variants are
 * printed in turn. The last variant is printed whatever its length.
 */
async function fitAndPrint(
  page: Page,
  html: string,
  options: RenderOptions,
  fit: NonNullable<RenderOptions["fit"]>,
): Promise<Printed> {
  const variants = new Map<number, string | undefined>([[0, html]]);
  const variant = (k: number) => {
    if (!variants.has(k)) variants.set(k, fit.variant(k));
    return variants.get(k);
  };
  const last = lastLevel(variant);
  const limit = fit.area.height * fit.maxPages * FIT_MARGIN;
  const heights = new Map<number, number>();
  const measurer = printMeasurer(page, options, fit.area);
  const height = async (k: number) => {
    const known = heights.get(k);
    if (known !== undefined) return known;
    const h = await measurer.height(variant(k) as string);
    heights.set(k, h);
    return h;
  };
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((await height(mid)) <= limit) hi = mid;
    else lo = mid + 1;
  }
  for (let k = lo; ; k++) {
    const fill = (await height(k)) / (fit.area.height * fit.maxPages);
    await measurer.done();
    const printed = await printAs(page, variant(k) as string, options, k);
    if (k === last || countPdfPages(printed.pdf) <= fit.maxPages) return { ...printed, fill };
  }
}

/** The last level that has a variant, found with O(log n) variants made. */
function lastLevel(variant: (k: number) => string | undefined): number {
  let hi = 1;
  while (variant(hi) !== undefined) hi *= 2;
  let lo = hi / 2;
  // variant(lo) exists (or lo is 0.5 when level 1 has none), variant(hi) does not.
  if (lo < 1) return 0;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (variant(mid) !== undefined) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Prints HTML to PDF in a prepared page, within the timeout (load, fitting and print together).
 * @param page a page from preparePage
 * @param html a standalone HTML document
 * @param options PDF options, timeout, label, allowed URLs and fitting
 * @throws BriefError on timeout (naming the label and the milliseconds) or when printing fails
 */
export async function printPage(page: Page, html: string, options: RenderOptions): Promise<Printed> {
  pageOptions.set(page, options);
  if ((options.javaScript ?? false) !== page.isJavaScriptEnabled())
    await page.setJavaScriptEnabled(options.javaScript ?? false);
  let timer: NodeJS.Timeout | undefined;
  const work = options.fit ? fitAndPrint(page, html, options, options.fit) : printAs(page, html, options, 0);
  work.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new BriefError(`render timed out after ${options.timeoutMs} ms: ${options.label}`, {
            hint: "raise browser.timeoutMs in config.yaml, or look for scripts or requests in the template that never finish",
          }),
        ),
      options.timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    if (error instanceof BriefError) throw error;
    throw new BriefError(`cannot print ${options.label}: ${(error as Error).message.split("\n")[0]}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Counts the pages of a PDF printed by Chromium (its page objects are not compressed).
 * @param pdf the PDF bytes
 */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  return text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}
