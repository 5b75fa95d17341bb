/**
 * Reads the run's sources: expands the config's globs and decodes each file.
 * @module
 */
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { glob } from "tinyglobby";
import { decode } from "./ingest/decode.js";

/** A source file to structure. */
export interface SourceFile {
  file: string;
  slug: string;
}

/**
 * Lists source files matching the globs, sorted, without duplicates.
 * @param patterns absolute glob patterns
 */
export async function listSources(patterns: readonly string[]): Promise<SourceFile[]> {
  const files = await glob([...patterns], { absolute: true, onlyFiles: true, expandDirectories: false });
  return [...new Set(files)].sort().map((file) => ({ file, slug: basename(file, extname(file)) }));
}

/**
 * Reads and decodes one source (UTF-8, BOM, GB18030, CRLF).
 * @param file the path
 * @throws BriefError when the file is empty or binary
 */
export async function readSource(file: string): Promise<string> {
  return decode(await readFile(file), file).text;
}
