/**
 * Processes that stop when told (issue 14): the daemon under SIGTERM during a hung SMTP send stops at
 * its drain deadline; `npm start` and `npm run preview` stop when npm is signalled, leaving no process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, DEFAULT_CONFIG, onlyAudiences, ROOT, tempProject } from "./helpers.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Collects a child's output; `events()` parses its JSON log lines. */
function watch(child: ChildProcess) {
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d;
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d;
  });
  const events = () =>
    out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown> & { event: string });
  return { events, output: () => out };
}

async function waitFor(predicate: () => boolean, tries = 600): Promise<boolean> {
  for (let i = 0; i < tries && !predicate(); i++) await new Promise((r) => setTimeout(r, 100));
  return predicate();
}

/** True while a process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** A project whose one job runs every second and delivers to the given channels. */
function project(channels: string, extra = ""): string {
  const job = `  tick:\n    cron: "* * * * * *"\n    timezone: UTC\n    audiences: [executive]\n    deliver: [mail]\n    catchUpMinutes: 0\n`;
  const text = DEFAULT_CONFIG.replace(
    /\nchannels:\n[\s\S]*?\n\naudiences:/,
    `\nchannels:\n${channels}\njobs:\n${job}\n${extra}audiences:`,
  );
  const dir = tempProject(onlyAudiences(text, ["executive"]));
  cleanups.push(() => cleanup(dir));
  return dir;
}

describe("a daemon told to stop during a hung SMTP send", () => {
  it("starts no new attempt, cuts the send at the drain deadline, records it as interrupted, and exits", async () => {
    const sockets: Socket[] = [];
    const smtp = createServer((socket) => sockets.push(socket)); // accepts, never answers
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    cleanups.push(() => {
      for (const s of sockets) s.destroy();
      smtp.close();
    });
    const port = (smtp.address() as { port: number }).port;
    const dir = project(
      `  mail:\n    type: email\n    host: 127.0.0.1\n    port: ${port}\n    from: a@example.org\n    recipients:\n      executive: [b@example.org]\n`,
      "drainMs: 1500\n\n",
    );
    const child = spawn(process.execPath, [join(ROOT, "pipeline/bin.mjs"), "schedule", "--log", "json"], {
      cwd: dir,
    });
    cleanups.push(() => child.kill("SIGKILL"));
    const log = watch(child);
    expect(await waitFor(() => sockets.length > 0), log.output()).toBe(true);
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(code).toBe(0);
    const events = log.events();
    const names = events.map((e) => e.event);
    expect(names).toContain("daemon.drain-deadline");
    expect(names.at(-1)).toBe("daemon.stop");
    const end = events.find((e) => e.event === "run.end") as unknown as {
      deliveries: { status: string; attempts: number }[];
    };
    expect(end.deliveries).toEqual([expect.objectContaining({ status: "interrupted", attempts: 1 })]);
    expect(sockets).toHaveLength(1);
  });
});

describe("npm scripts stop when npm is signalled", () => {
  it("`npm start`: SIGTERM to npm stops the daemon gracefully, leaving no process", async () => {
    const dir = project("  mail:\n    type: folder\n    path: outbox\n");
    const npm = spawn(
      "npm",
      ["--prefix", ROOT, "start", "--", "--config", join(dir, "config.yaml"), "--log", "json"],
      {
        cwd: dir,
      },
    );
    cleanups.push(() => npm.kill("SIGKILL"));
    const log = watch(npm);
    expect(await waitFor(() => log.events().some((e) => e.event === "daemon.start")), log.output()).toBe(
      true,
    );
    const pid = log.events().find((e) => e.event === "daemon.start")?.pid as number;
    npm.kill("SIGTERM");
    expect(await waitFor(() => !alive(pid), 100), `daemon ${pid} still running`).toBe(true);
    expect(log.events().map((e) => e.event)).toEqual(
      expect.arrayContaining(["daemon.signal", "daemon.stop"]),
    );
  });

  it("`npm run preview`: SIGTERM to npm stops the server, leaving no process", async () => {
    const dir = project("  mail:\n    type: folder\n    path: outbox\n");
    const npm = spawn(
      "npm",
      ["--prefix", ROOT, "run", "preview", "--", "--config", join(dir, "config.yaml"), "--port", "0"],
      {
        cwd: dir,
      },
    );
    cleanups.push(() => npm.kill("SIGKILL"));
    const log = watch(npm);
    expect(await waitFor(() => /serving .* at http/.test(log.output())), log.output()).toBe(true);
    const children = await childrenOf(npm.pid as number);
    npm.kill("SIGTERM");
    expect(await waitFor(() => children.every((p) => !alive(p)), 100), log.output()).toBe(true);
    expect(log.output()).toMatch(/preview: SIGTERM, stopping/);
  });
});

/** Pids of a process's children, from /proc. */
async function childrenOf(pid: number): Promise<number[]> {
  const { readdirSync, readFileSync } = await import("node:fs");
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}
