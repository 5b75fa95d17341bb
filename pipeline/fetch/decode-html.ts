/**
 * Bytes of a web page or feed → text. The charset comes from the Content-Type header, else a byte
 * order mark, else `<meta charset>` / `<meta http-equiv="Content-Type">` (or the XML declaration's
 * `encoding`) in the first bytes, else UTF-8 when the bytes are valid UTF-8, else GB18030.
 * GB2312 and GBK are decoded as GB18030, their superset. A page whose `<meta>` declares a legacy
 * charset but whose bytes are valid, non-ASCII UTF-8 (a page re-saved without fixing its meta) is
 * read as UTF-8.
 * @module
 */
import { isUtf8 } from "../ingest/decode.js";

/** Where the charset was found. */
export type CharsetSource = "header" | "bom" | "meta" | "sniffed";

/** Decoded text and how. */
export interface DecodedPage {
  text: string;
  /** The WHATWG encoding name used (`utf-8`, `gb18030`, `windows-1252`, …). */
  encoding: string;
  source: CharsetSource;
}

/** Maps a charset label to the encoding used: GB2312/GBK (and their aliases) become GB18030. */
export function normalizeCharset(label: string): string | undefined {
  const l = label
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
  if (/^(gb2312|gbk|gb_2312-80|x-gbk|cp936|ms936|windows-936|euc-cn|csgb2312|chinese|gb18030)$/.test(l)) {
    return "gb18030";
  }
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return undefined;
  }
}

/** The charset parameter of a Content-Type header, when it names an encoding we know. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType ?? "");
  return m?.[2] ? normalizeCharset(m[2]) : undefined;
}

function bomEncoding(bytes: Uint8Array): { encoding: string; skip: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", skip: 2 };
  return undefined;
}

/** The charset a page declares in its first 4 KB: `<meta charset>`, http-equiv Content-Type, or `<?xml encoding?>`. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml?.[1]) return normalizeCharset(xml[1]);
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    // `<meta charset=…>`, or `<meta http-equiv="Content-Type" content="…; charset=…">`.
    const where = /http-equiv/i.test(tag) ? tag : tag.replace(/\bcontent\s*=\s*("[^"]*"|'[^']*')/gi, "");
    const m = /\bcharset\s*=\s*["']?([^"'\s/>;]+)/i.exec(where);
    const found = m?.[1] ? normalizeCharset(m[1]) : undefined;
    if (found) return found;
  }
  return undefined;
}

function hasMultibyte(bytes: Uint8Array): boolean {
  return bytes.some((b) => b >= 0x80);
}

/**
 * Decodes a page.
 * @param bytes the body
 * @param contentType the Content-Type header, when there was one
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string): DecodedPage {
  const bom = bomEncoding(bytes);
  let encoding = charsetFromContentType(contentType);
  let source: CharsetSource = "header";
  if (!encoding && bom) {
    encoding = bom.encoding;
    source = "bom";
  }
  if (!encoding) {
    encoding = declaredCharset(bytes);
    source = "meta";
    if (encoding && encoding !== "utf-8" && hasMultibyte(bytes) && isUtf8(bytes)) encoding = "utf-8";
  }
  if (!encoding) {
    encoding = isUtf8(bytes) ? "utf-8" : "gb18030";
    source = "sniffed";
  }
  const body = bom && bom.encoding === encoding ? bytes.subarray(bom.skip) : bytes;
  const text = new TextDecoder(encoding).decode(body);
  return { text: text.replace(/^\uFEFF/, ""), encoding, source };
}
