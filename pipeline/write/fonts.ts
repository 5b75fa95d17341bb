/**
 * The output's `fonts/` folder: copies of the font files the HTML briefs and the archive page link,
 * shared by all of them. A file is copied atomically, and only when it is missing or differs from its
 * source. After a run, a file some brief of the manifest (or the archive page) links but that is
 * missing is restored (a kept brief is not rebuilt for it), and a font file nothing links any more is
 * removed.
 * @module
 */
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join, posix, sep } from "node:path";
import { fontFaceRules, type LinkedFace, withStylesheet } from "../fonts/html.js";
import { copyFileAtomic } from "./atomic.js";

/** The folder of the output holding the font files. */
export const FONTS_FOLDER = "fonts";

/** A font file to put in `fonts/`: its name there and the file it is a copy of. */
export interface FontFile {
  name: string;
  source: string;
}

const FONT_FILE = /\.(woff2?|ttf|otf)$/i;

/**
 * The URL by which an HTML file reaches a file of `fonts/`: relative, so the output folder can be
 * moved or served anywhere (`fonts/a.woff2` from `index.html`, `../fonts/a.woff2` from `<slug>/x.html`).
 * @param html the HTML file's path, relative to the output folder
 * @param name the font file's name in `fonts/`
 */
export function fontUrl(html: string, name: string): string {
  const from = posix.dirname(html.split(sep).join("/"));
  return posix
    .relative(from, `${FONTS_FOLDER}/${name}`)
    .split("/")
    .map((part) => (part === ".." ? part : encodeURIComponent(part)))
    .join("/");
}

/** True when `target` holds the same bytes as `source`. */
async function sameFile(source: string, target: string): Promise<boolean> {
  const [a, b] = await Promise.all([stat(source), stat(target).catch(() => undefined)]);
  if (!b || a.size !== b.size) return false;
  const [x, y] = await Promise.all([readFile(source), readFile(target)]);
  return x.equals(y);
}

/** What settling the folder did. */
export interface FontsSettled {
  /** Paths (relative to the output folder) of files restored. */
  restored: string[];
  /** Paths linked by a brief that could not be restored, and why. */
  failed: { path: string; reason: string }[];
  /** Paths of files removed: nothing links them. */
  removed: string[];
}

/** The `fonts/` folder of one run's output. */
export interface FontFolder {
  /**
   * Puts files in place (each looked at once by this object: make one per run).
   * @param files the files a brief links
   * @returns their paths relative to the output folder (`fonts/<name>`)
   */
  put(files: readonly FontFile[]): Promise<string[]>;
  /**
   * Restores the linked files that are missing, and removes font files nothing links; a file that
   * cannot be restored or removed is reported, never thrown.
   * @param linked every path (relative to the output folder) a brief of the manifest or the archive links
   * @param sources every configured font file by its name in `fonts/` (asked only when one is missing)
   */
  settle(linked: Iterable<string>, sources: () => ReadonlyMap<string, string>): Promise<FontsSettled>;
}

/**
 * The `fonts/` folder of an output folder, for one run.
 * @param out the output folder
 */
export function fontFolder(out: string): FontFolder {
  const dir = join(out, FONTS_FOLDER);
  const placed = new Map<string, Promise<void>>();
  const place = (file: FontFile) => {
    let done = placed.get(file.name);
    if (!done) {
      const target = join(dir, file.name);
      done = sameFile(file.source, target).then((same) =>
        same ? undefined : copyFileAtomic(file.source, target),
      );
      // A failed copy (a full disk) is tried again by the next brief that links the file.
      done.catch(() => placed.delete(file.name));
      placed.set(file.name, done);
    }
    return done;
  };
  return {
    async put(files) {
      await Promise.all(files.map(place));
      return [...new Set(files.map((f) => `${FONTS_FOLDER}/${f.name}`))];
    },
    async settle(linked, sources) {
      const settled: FontsSettled = { restored: [], failed: [], removed: [] };
      const names = new Set(
        [...linked]
          .filter((p) => p.startsWith(`${FONTS_FOLDER}/`))
          .map((p) => p.slice(FONTS_FOLDER.length + 1)),
      );
      for (const name of names) {
        const path = `${FONTS_FOLDER}/${name}`;
        if (((await stat(join(dir, name)).catch(() => undefined))?.size ?? 0) > 0) continue;
        const source = sources().get(name);
        const failed = source
          ? await copyFileAtomic(source, join(dir, name)).then(
              () => undefined,
              (error: Error) => error.message,
            )
          : "not among the configured fonts any more: rebuild the briefs that link it with --force";
        if (failed) settled.failed.push({ path, reason: failed });
        else settled.restored.push(path);
      }
      for (const entry of await readdir(dir).catch(() => [] as string[]))
        if (FONT_FILE.test(entry) && !names.has(entry))
          await rm(join(dir, entry), { force: true }).then(
            () => settled.removed.push(`${FONTS_FOLDER}/${entry}`),
            () => undefined, // left for the next run
          );
      return settled;
    },
  };
}

/**
 * Links an HTML file's fonts: puts their files in `fonts/` first, then adds an `@font-face` rule per
 * face, each reaching its file by a URL relative to the HTML.
 * @param folder the run's `fonts/` folder
 * @param path the HTML file's path, relative to the output folder
 * @param html the document
 * @param faces the faces its text needs
 * @returns the document with its rules, and the font files it links (`fonts/<name>`)
 * @throws when a font file cannot be written (nothing is linked then)
 */
export async function linkFonts(
  folder: FontFolder,
  path: string,
  html: string,
  faces: readonly LinkedFace[],
): Promise<{ text: string; linked: string[] }> {
  const linked = await folder.put(faces.map((f) => ({ name: f.name, source: f.file })));
  const text = withStylesheet(
    html,
    fontFaceRules(faces, (name) => fontUrl(path, name)),
  );
  return { text, linked };
}
