/** Every path of a run settles: a browser that never answers cannot leave a top-level await hanging. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

describe("timeouts keep the process alive until they fire (issue 14, break 6)", () => {
  it("a top-level await on a promise that never settles, bounded by withTimeout, settles", async () => {
    const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
    const child = spawn(process.execPath, [tsx, join(ROOT, "test/fixtures/scripts/settles.ts")], {
      cwd: ROOT,
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ code, out: out.trim() }).toEqual({ code: 0, out: "settled" });
  });
});
