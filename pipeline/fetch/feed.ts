/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds → items `{url, title, published, updated, id}`, links resolved
 * against the feed's URL (and Atom's `xml:base`), filtered by date and cut to `maxItems`.
 * @module
 */
import { XMLParser } from "fast-xml-parser";

/** One item of a feed. */
export interface FeedItem {
  /** The item's link, absolute. */
  url: string;
  title: string;
  /** ISO time, when the feed gives one (`pubDate`, `dc:date`, `published`). */
  published?: string;
  /** ISO time of the last update (`updated`, `atom:updated`). */
  updated?: string;
  /** `guid` or `id`, else the URL. */
  id: string;
}

/** A parsed feed. */
export interface Feed {
  kind: "rss" | "atom" | "rdf";
  title: string;
  items: FeedItem[];
}

/** Options of `parseFeed`. */
export interface FeedOptions {
  /** Keep only items published or updated at or after this time; items without a date are kept. */
  since?: Date;
  /** Keep at most this many items, in feed order; default all. */
  maxItems?: number;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  processEntities: true,
  htmlEntities: true,
  removeNSPrefix: false,
  isArray: (name) => ["item", "entry", "link", "atom:link"].includes(name),
});

function text(value: unknown): string {
  if (typeof value === "string" || typeof value === "number") return String(value).trim();
  if (Array.isArray(value)) return text(value[0]);
  if (value && typeof value === "object") return text((value as Node)["#text"]);
  return "";
}

function isoTime(value: unknown): string | undefined {
  const t = Date.parse(text(value));
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function resolve(href: string, base: string): string | undefined {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function atomLink(entry: Node): string {
  const links = (entry.link as Node[] | undefined) ?? [];
  const alternate = links.find((l) => !l["@_rel"] || l["@_rel"] === "alternate") ?? links[0];
  return alternate ? String(alternate["@_href"] ?? "") : "";
}

function rssItem(item: Node, base: string): FeedItem | undefined {
  const guid = item.guid as Node | string | undefined;
  const guidIsLink = typeof guid === "object" && guid?.["@_isPermaLink"] !== "false";
  const href = text(item.link) || (guidIsLink || typeof guid === "string" ? text(guid) : "");
  const url = resolve(href, base);
  if (!url) return undefined;
  const published = isoTime(item.pubDate ?? item["dc:date"]);
  const updated = isoTime(item["atom:updated"] ?? item["dc:modified"]);
  return { url, title: text(item.title), published, updated, id: text(guid) || url };
}

function atomEntry(entry: Node, feedBase: string): FeedItem | undefined {
  const base = resolve(String(entry["@_xml:base"] ?? ""), feedBase) ?? feedBase;
  const url = resolve(atomLink(entry), base);
  if (!url) return undefined;
  const published = isoTime(entry.published ?? entry.issued ?? entry["dc:date"]);
  const updated = isoTime(entry.updated ?? entry.modified);
  return { url, title: text(entry.title), published, updated, id: text(entry.id) || url };
}

/**
 * Parses a feed.
 * @param xml the feed, decoded
 * @param feedUrl the feed's URL: relative links are resolved against it
 * @param options `since` and `maxItems`
 * @throws Error `not a feed` when the XML is not RSS, RDF or Atom
 */
export function parseFeed(xml: string, feedUrl: string, options: FeedOptions = {}): Feed {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch {
    throw new Error("not a feed");
  }
  let feed: Feed;
  if (doc.rss) {
    const channel = ((doc.rss as Node).channel ?? {}) as Node;
    const items = ((channel.item as Node[]) ?? []).map((i) => rssItem(i, feedUrl));
    feed = { kind: "rss", title: text(channel.title), items: items.filter((i) => i !== undefined) };
  } else if (doc.feed) {
    const root = doc.feed as Node;
    const base = resolve(String(root["@_xml:base"] ?? ""), feedUrl) ?? feedUrl;
    const items = ((root.entry as Node[]) ?? []).map((e) => atomEntry(e, base));
    feed = { kind: "atom", title: text(root.title), items: items.filter((i) => i !== undefined) };
  } else if (doc["rdf:RDF"]) {
    const root = doc["rdf:RDF"] as Node;
    const items = ((root.item as Node[]) ?? []).map((i) => rssItem(i, feedUrl));
    feed = {
      kind: "rdf",
      title: text((root.channel as Node)?.title),
      items: items.filter((i) => i !== undefined),
    };
  } else throw new Error("not a feed");
  return { ...feed, items: selectItems(feed.items, options) };
}

/** Applies `since` (by published, else updated, time) and `maxItems`, keeping feed order. */
export function selectItems(items: readonly FeedItem[], options: FeedOptions): FeedItem[] {
  const since = options.since?.getTime();
  const kept = items.filter((item) => {
    const when = item.published ?? item.updated;
    return since === undefined || when === undefined || Date.parse(when) >= since;
  });
  return kept.slice(0, options.maxItems ?? kept.length);
}
