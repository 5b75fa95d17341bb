/**
 * The build manifest `dist/manifest.json`: for every brief, the hash of everything it was built from,
 * so a run rebuilds only what changed. Written atomically after every brief, so a run killed midway
 * leaves a manifest that names only briefs whose files are whole.
 * @module
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.js";

/** One built brief. */
export interface ManifestEntry {
  slug: string;
  audience: string;
  audienceTitle: string;
  title: string;
  lang: "zh" | "en";
  /** The source file, relative to the project. */
  source: string;
  /** The original web page, when the source was fetched from one. */
  origin?: string;
  /** The source file's absolute path (a brief whose source is gone is pruned). */
  sourcePath?: string;
  /** Paths relative to the output folder. */
  html: string;
  pdf: string;
  /**
   * The font files its HTML links (`fonts/<name>`, relative to the output folder); absent in a brief
   * written before HTML linked its fonts, which is rebuilt.
   */
  fonts?: string[];
  /** Hash of the brief's inputs (source, templates, config, cues, tool version). */
  hash: string;
  /** Hash of the PDF bytes (identifies this version for delivery). */
  pdfHash: string;
  pages: number;
  builtAt: string;
  /** When the brief's content last changed (a rebuild of the same inputs keeps it). */
  updated?: string;
}

/** The archive page `index.html` as last written: what tells a run whether to write it again. */
export interface ArchiveRecord {
  /** Hash of the file's text (a file that differs, or a run killed before recording it, is rewritten). */
  hash: string;
  /** The font files it links (`fonts/<name>`), kept in `fonts/` like a brief's. */
  fonts: string[];
}

/** The manifest. */
export interface Manifest {
  version: 1;
  briefs: Record<string, ManifestEntry>;
  /** The archive page; absent in a manifest written before the archive linked its fonts. */
  archive?: ArchiveRecord;
}

/** True when a value read from the manifest is an archive record. */
const isArchiveRecord = (value: unknown): value is ArchiveRecord => {
  const r = value as Partial<ArchiveRecord>;
  return typeof r?.hash === "string" && Array.isArray(r.fonts) && r.fonts.every((f) => typeof f === "string");
};

/** The manifest key of a brief. */
export const briefKey = (slug: string, audience: string) => `${slug}/${audience}`;

/** File name of the manifest in the output folder. */
export const MANIFEST = "manifest.json";

/**
 * Reads the manifest; a missing or unreadable one is empty (everything is rebuilt).
 * @param out the output folder
 */
export async function readManifest(out: string): Promise<Manifest> {
  try {
    const data = JSON.parse(await readFile(join(out, MANIFEST), "utf8")) as Manifest;
    if (data.version === 1 && data.briefs && typeof data.briefs === "object") {
      // A record that is not one is dropped: the archive is then written again.
      if (data.archive && !isArchiveRecord(data.archive)) delete data.archive;
      return data;
    }
  } catch {
    // none yet, or from a killed run of an older version: rebuild
  }
  return { version: 1, briefs: {} };
}

/**
 * Writes the manifest atomically.
 * @param out the output folder
 * @param manifest the manifest
 */
export function writeManifest(out: string, manifest: Manifest): Promise<void> {
  // Briefs finish side by side: each write is queued behind the one before, and reads the manifest
  // when its turn comes, so an older snapshot can never be renamed over a newer one.
  const write = async () => {
    const sorted = Object.fromEntries(Object.entries(manifest.briefs).sort(([a], [b]) => a.localeCompare(b)));
    const archive = manifest.archive ? { archive: manifest.archive } : {};
    await writeFileAtomic(
      join(out, MANIFEST),
      `${JSON.stringify({ version: 1, briefs: sorted, ...archive }, null, 2)}\n`,
    );
  };
  const next = (writing.get(out) ?? Promise.resolve()).then(write, write);
  const settled = next.catch(() => undefined);
  writing.set(out, settled);
  void settled.then(() => {
    if (writing.get(out) === settled) writing.delete(out);
  });
  return next;
}

/** The last manifest write queued per output folder. */
const writing = new Map<string, Promise<void>>();

/** SHA-256 of strings and bytes, in order. */
export function hashOf(...parts: (string | Uint8Array)[]): string {
  const h = createHash("sha256");
  for (const p of parts) {
    h.update(typeof p === "string" ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    h.update("\u0000");
  }
  return h.digest("hex");
}
