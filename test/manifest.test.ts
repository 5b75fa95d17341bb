import { describe, expect, it } from "vitest";
import { type ManifestEntry, readManifest, writeManifest } from "../pipeline/write/manifest.js";
import { cleanup, tempDir } from "./helpers.js";

describe("the manifest", () => {
  it("keeps every brief when briefs finish side by side (no older snapshot renamed over a newer one)", async () => {
    const out = tempDir();
    try {
      const manifest = { version: 1 as const, briefs: {} as Record<string, ManifestEntry> };
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 120; i++) {
        manifest.briefs[`s${i}/a`] = { slug: `s${i}`, audience: "a" } as ManifestEntry;
        writes.push(writeManifest(out, manifest));
      }
      await Promise.all(writes);
      expect(Object.keys((await readManifest(out)).briefs)).toHaveLength(120);
    } finally {
      cleanup(out);
    }
  });
});
