/**
 * Turns the bytes of a page or source into text: UTF-8 (with or without BOM), UTF-16 with BOM,
 * or GB18030/GBK; CRLF and CR line ends become LF.
 * @module
 */
import { BriefError } from "../errors.js";

/** The text of a file and the encoding it was read with. */
export interface Decoded {
  text: string;
  encoding: "utf-8" | "utf-16le" | "utf-16be" | "gb18030";
}

/**
 * Decodes file bytes into normalized text.
 * @param bytes the file's content
 * @param file the file's path, for error messages
 * @throws BriefError when the file is empty or holds binary data, not text
 */
export function decode(bytes: Uint8Array, file: string): Decoded {
  let encoding: Decoded["encoding"];
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = "utf-8";
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = "utf-16le";
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = "utf-16be";
    body = bytes.subarray(2);
  } else {
    encoding = isUtf8(bytes) ? "utf-8" : "gb18030";
  }
  if (encoding !== "utf-16le" && encoding !== "utf-16be" && looksBinary(body)) {
    throw new BriefError("not a text file (it holds binary data)", {
      place: { file },
      hint: "give a UTF-8 or GB18030 text or Markdown file, or remove it from the sources",
    });
  }
  let text = new TextDecoder(encoding).decode(body);
  text = text.replace(/\r\n?/g, "\n");
  if (text.trim() === "") {
    throw new BriefError("empty file: no text to read", {
      place: { file },
      hint: "put the article text in the file, or remove it from the sources",
    });
  }
  if (encoding === "gb18030" && (text.match(/\uFFFD/g)?.length ?? 0) > text.length / 50) {
    throw new BriefError("not a text file: neither UTF-8 nor GB18030", {
      place: { file },
      hint: "save the file as UTF-8",
    });
  }
  return { text, encoding };
}

/** True when the bytes are valid UTF-8. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** NUL bytes, or many control characters other than tab/LF/CR/FF, mean binary data. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return n > 0 && control / n > 0.05;
}
