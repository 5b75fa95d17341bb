/**
 * A printed PDF's document information (title, author, subject, keywords, creator) and language, set
 * by an incremental update: a new Info dictionary (and, when the browser set no `/Lang`, a catalog
 * with one) appended after the file with its own cross-reference section. Every byte the browser wrote
 * stays as it was, so the structure tree (tagged PDF), the outline (bookmarks) and the fonts are kept.
 * @module
 */
import { BriefError } from "../errors.js";

/** What a PDF says about itself. */
export interface PdfInfo {
  title: string;
  /** The article's authors. */
  author?: readonly string[];
  subject?: string;
  keywords?: readonly string[];
  /** E.g. `policy-brief 0.1.0`. */
  creator: string;
  /** BCP 47 language (`zh`, `en`), set only when the document has none. */
  lang?: string;
}

/** A PDF text string: UTF-16BE with a byte-order mark, as hex. */
export function pdfText(s: string): string {
  let hex = "FEFF";
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0");
  return `<${hex}>`;
}

/** The body of object `n` (between `n 0 obj` and `endobj`), or undefined. */
function objectBody(text: string, n: number): string | undefined {
  return new RegExp(`(?:^|[\\r\\n])${n} 0 obj\\s*([\\s\\S]*?)\\s*endobj`).exec(text)?.[1];
}

/** A literal string entry of a dictionary (`/Producer (Skia/PDF m156)`), kept as written. */
const literal = (dict: string, key: string) =>
  new RegExp(`/${key}\\s*(\\((?:[^()\\\\]|\\\\.)*\\))`).exec(dict)?.[1];

/** The cross-reference section for the given objects (number → byte offset). */
function xrefSection(offsets: Map<number, number>): string {
  const lines = ["xref"];
  for (const n of [...offsets.keys()].sort((a, b) => a - b))
    lines.push(`${n} 1`, `${String(offsets.get(n)).padStart(10, "0")} 00000 n\r`);
  return `${lines.join("\n")}\n`;
}

/**
 * Sets a PDF's document information and language.
 * @param pdf a PDF as Chromium prints it (classic cross-reference table)
 * @param info the values to set
 * @returns the PDF with an incremental update appended
 * @throws BriefError when the PDF's trailer cannot be read
 */
export function setPdfInfo(pdf: Uint8Array, info: PdfInfo): Uint8Array {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  const tail = /trailer\s*<<([\s\S]*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$/.exec(text.slice(-2048));
  const size = Number(/\/Size\s+(\d+)/.exec(tail?.[1] ?? "")?.[1]);
  const root = Number(/\/Root\s+(\d+)\s+0\s+R/.exec(tail?.[1] ?? "")?.[1]);
  if (!tail || !size || !root)
    throw new BriefError("cannot set the PDF's metadata: its trailer is unreadable");
  const infoRef = /\/Info\s+(\d+)\s+0\s+R/.exec(tail[1] as string)?.[1];
  const infoNo = infoRef ? Number(infoRef) : size;
  const old = (infoRef && objectBody(text, infoNo)) || "";
  const entries = [
    `/Title ${pdfText(info.title)}`,
    info.author?.length ? `/Author ${pdfText(info.author.join(", "))}` : "",
    info.subject ? `/Subject ${pdfText(info.subject)}` : "",
    info.keywords?.length ? `/Keywords ${pdfText(info.keywords.join(", "))}` : "",
    `/Creator ${pdfText(info.creator)}`,
    ...["Producer", "CreationDate", "ModDate"].map((k) =>
      literal(old, k) ? `/${k} ${literal(old, k)}` : "",
    ),
  ].filter(Boolean);
  const objects: [number, string][] = [[infoNo, `<<${entries.join("\n")}>>`]];
  const catalog = objectBody(text, root);
  if (info.lang && catalog?.startsWith("<<") && !/\/Lang\s*\(/.test(catalog))
    objects.push([root, `<</Lang ${pdfText(info.lang)}\n${catalog.slice(2)}`]);
  let body = text.endsWith("\n") ? "" : "\n";
  const offsets = new Map<number, number>();
  for (const [n, dict] of objects) {
    offsets.set(n, pdf.byteLength + Buffer.byteLength(body, "latin1"));
    body += `${n} 0 obj\n${dict}\nendobj\n`;
  }
  const xrefAt = pdf.byteLength + Buffer.byteLength(body, "latin1");
  const trailer = `trailer\n<</Size ${Math.max(size, infoNo + 1)}\n/Root ${root} 0 R\n/Info ${infoNo} 0 R\n/Prev ${tail[2]}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  body += xrefSection(offsets) + trailer;
  return Buffer.concat([pdf, Buffer.from(body, "latin1")]);
}
