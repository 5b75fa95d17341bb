/**
 * A listing page (a ministry's notices, a newspaper's column) + a CSS selector → the article URLs it
 * links to: absolute, http(s) only, fragments removed, deduplicated, in page order.
 * @module
 */
import { parseHTML } from "linkedom";

/**
 * Finds article links in a listing page.
 * @param html the listing page, decoded
 * @param pageUrl the page's URL (relative links resolve against it, or against its `<base href>`)
 * @param selector CSS selector of the links, or of elements containing them (e.g. `.news-list li`)
 * @throws Error `bad selector` when the selector cannot be parsed
 */
export function findArticleLinks(html: string, pageUrl: string, selector: string): string[] {
  const { document } = parseHTML(html) as unknown as { document: Document };
  const baseHref = document.querySelector("base[href]")?.getAttribute("href");
  let base = pageUrl;
  try {
    if (baseHref) base = new URL(baseHref, pageUrl).href;
  } catch {
    // keep the page's URL
  }
  let matched: Element[];
  try {
    matched = Array.from(document.querySelectorAll(selector));
  } catch {
    throw new Error(`bad selector: ${selector}`);
  }
  const urls: string[] = [];
  for (const element of matched) {
    const anchors = element.matches("a[href]") ? [element] : Array.from(element.querySelectorAll("a[href]"));
    for (const a of anchors) {
      const url = absolute(a.getAttribute("href") ?? "", base);
      if (url && !urls.includes(url)) urls.push(url);
    }
  }
  return urls;
}

function absolute(href: string, base: string): string | undefined {
  try {
    const url = new URL(href.trim(), base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    url.hash = "";
    return url.href;
  } catch {
    return undefined;
  }
}
