/**
 * The render stage: HTML in, PDF bytes out. Knows nothing of articles or audiences. Each render gets
 * a fresh page, closed in `finally`; requests other than inline data are aborted and reported.
 * @module
 */
import type { Browser, HTTPRequest, PDFOptions } from "puppeteer-core";
import { BriefError } from "../errors.js";

/** What one render needs besides the HTML. */
export interface RenderOptions {
  /** Puppeteer PDF options (format, margin, header/footer…); user values over defaults. */
  pdf: PDFOptions;
  /** Milliseconds for load + print. */
  timeoutMs: number;
  /** Name for messages (e.g. `sources/a.md → executive`). */
  label: string;
  /** URL prefixes pages may load (e.g. `file:///…/templates/`); everything else is aborted. */
  allow?: readonly string[];
  /** Receives blocked requests, console errors and page errors. */
  onEvent?: (event: { type: "blocked" | "console" | "pageerror"; text: string }) => void;
  /** Let the page run JavaScript (off unless a template needs it). */
  javaScript?: boolean;
}

const DEFAULT_PDF: PDFOptions = {
  format: "A4",
  printBackground: true,
  preferCSSPageSize: false,
  outline: true,
  tagged: true,
};

function allowed(request: HTTPRequest, allow: readonly string[]): boolean {
  const url = request.url();
  if (url.startsWith("data:") || url === "about:blank") return true;
  return allow.some((prefix) => url.startsWith(prefix));
}

/**
 * Prints HTML to PDF in a fresh page of the given browser.
 * @param browser the run's browser
 * @param html a standalone HTML document
 * @param options PDF options, timeout, label and allowed URLs
 * @throws BriefError on timeout (naming the label and the milliseconds) or when printing fails
 */
export async function renderPdf(browser: Browser, html: string, options: RenderOptions): Promise<Uint8Array> {
  const page = await browser.newPage();
  let timer: NodeJS.Timeout | undefined;
  try {
    await page.setJavaScriptEnabled(options.javaScript ?? false);
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.isInterceptResolutionHandled()) return;
      if (allowed(request, options.allow ?? [])) void request.continue();
      else {
        options.onEvent?.({ type: "blocked", text: `blocked request to ${request.url()}` });
        void request.abort("blockedbyclient");
      }
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") options.onEvent?.({ type: "console", text: msg.text() });
    });
    page.on("pageerror", (error) => options.onEvent?.({ type: "pageerror", text: String(error) }));
    const work = (async () => {
      await page.setContent(html, { waitUntil: "load", timeout: options.timeoutMs });
      await page.evaluateHandle("document.fonts.ready").catch(() => undefined);
      return page.pdf({ ...DEFAULT_PDF, ...options.pdf, timeout: options.timeoutMs });
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new BriefError(`render timed out after ${options.timeoutMs} ms: ${options.label}`, {
              hint: "raise browser.timeoutMs in config.yaml, or check the template for scripts or requests that never finish",
            }),
          ),
        options.timeoutMs,
      );
    });
    work.catch(() => undefined);
    return await Promise.race([work, timeout]);
  } catch (error) {
    if (error instanceof BriefError) throw error;
    throw new BriefError(`cannot print ${options.label}: ${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
    await page.close().catch(() => undefined);
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
