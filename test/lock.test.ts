/** The output folder's lock proves its owner by more than a pid (issue 14, break 3). */
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireLock, LOCK } from "../pipeline/write/lock.js";
import { bootId, me, processStart } from "../pipeline/write/owner.js";
import { cleanup, tempDir } from "./helpers.js";

const dirs: string[] = [];
afterAll(() => cleanup(...dirs));

/** An output folder whose lock names the given owner, its time set `ageMs` ago. */
function locked(owner: Record<string, unknown>, ageMs = 0): string {
  const dir = tempDir("brief-lock-");
  dirs.push(dir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK);
  writeFileSync(file, JSON.stringify({ host: hostname(), startedAt: "2020-01-01T00:00:00Z", ...owner }));
  const then = new Date(Date.now() - ageMs);
  utimesSync(file, then, then);
  return dir;
}

async function takeover(dir: string): Promise<string[]> {
  const messages: string[] = [];
  const release = await acquireLock(dir, { onMessage: (m) => messages.push(m) });
  await release();
  return messages;
}

describe("a stale lock is taken over, a live one is not", () => {
  it("pid 1 is alive, but it is not the process that took the lock (another start time)", async () => {
    const dir = locked({ pid: 1, bootId: bootId(), procStart: "987654321987" });
    expect((await takeover(dir)).join("\n")).toMatch(
      /taking over a stale lock .*pid 1 is now another process/,
    );
  });

  it("a lock from before the machine restarted", async () => {
    const dir = locked({
      pid: process.pid,
      bootId: "00000000-0000-0000-0000-000000000000",
      procStart: processStart(process.pid),
    });
    expect((await takeover(dir)).join("\n")).toMatch(/the machine has restarted since/);
  });

  it("a holder whose pid lives on but which stopped refreshing the lock", async () => {
    const dir = locked({ pid: process.pid, bootId: bootId() }, 5 * 60_000);
    expect((await takeover(dir)).join("\n")).toMatch(/has not refreshed the lock for \d+ s/);
  });

  it("a live holder keeps it: the second run is refused with the holder named", async () => {
    const dir = locked(me() as unknown as Record<string, unknown>);
    await expect(acquireLock(dir)).rejects.toThrow(
      new RegExp(`another brief run \\(pid ${process.pid}, started`),
    );
  });
});
