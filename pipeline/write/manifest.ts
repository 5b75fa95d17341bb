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

/** The manifest. */
export interface Manifest {
  version: 1;
  briefs: Record<string, ManifestEntry>;
}

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
    if (data.version === 1 && data.briefs && typeof data.briefs === "object") return data;
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
    await writeFileAtomic(
      join(out, MANIFEST),
      `${JSON.stringify({ version: 1, briefs: sorted }, null, 2)}\n`,
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
