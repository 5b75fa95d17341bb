/**
 * Sources that arrive by themselves: feeds and web pages fetched politely and safely, read like a
 * reader into Markdown sources. `collect` is what a job calls; the other exports are its parts.
 * @module
 */
export { type AllowPrivate, checkAddress, isPublicAddress } from "./address.js";
export { type Article, type ArticleOptions, contentHash, extractArticle } from "./article.js";
export {
  type CollectedArticle,
  type CollectFailure,
  type CollectOptions,
  type CollectResult,
  type CollectState,
  collect,
  type FeedSource,
  type PageSource,
} from "./collect.js";
export { type DecodedPage, decodeHtml } from "./decode-html.js";
export { type Failure, FetchError } from "./failure.js";
export { type Feed, type FeedItem, type FeedOptions, parseFeed } from "./feed.js";
export { isFurniture, parseFurniture } from "./furniture.js";
export { htmlToMarkdown } from "./html-markdown.js";
export {
  createHttpClient,
  DEFAULT_SIZE_CAP,
  defaultUserAgent,
  type Fetched,
  type FetchRequest,
  fetchUrl,
  type HttpClient,
  type HttpOptions,
  type HttpResult,
  type NotModified,
  type Validators,
} from "./http.js";
export { findArticleLinks } from "./listing.js";
export { type PageMetadata, readMetadata } from "./metadata.js";
export { createPoliteness, type Politeness } from "./politeness.js";
export { createRobots, type Robots, type RobotsVerdict } from "./robots.js";
export { slugFor } from "./slug.js";
