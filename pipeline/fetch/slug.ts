/**
 * Stable, ASCII slugs for fetched articles: the canonical URL's host and a short hash of the URL
 * (`brookings-edu-3f9a1c2b`), so the same article keeps its slug from run to run.
 * @module
 */
import { createHash } from "node:crypto";

/**
 * The slug of an article.
 * @param canonicalUrl the article's canonical URL
 */
export function slugFor(canonicalUrl: string): string {
  let host = "page";
  try {
    host = new URL(canonicalUrl).hostname.replace(/^www\./, "");
  } catch {
    // keep "page"
  }
  const ascii =
    host
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "page";
  return `${ascii}-${createHash("sha256").update(canonicalUrl).digest("hex").slice(0, 8)}`;
}
