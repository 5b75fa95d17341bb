/**
 * The renderer: one browser at a time, a small pool of pages, and the faults a long run meets.
 * - Each worker owns one page, reset between briefs (the document is replaced, JavaScript is off,
 *   requests are filtered); a page is replaced after any failure. `freshPage` opens a new page per
 *   brief instead (isolation at ~2.5× the cost here: a new page spawns a renderer process).
 * - The browser is recycled after `recycleAfter` renders or when its processes' memory passes
 *   `maxBrowserMb`; launched lazily, so a run with nothing to render launches none.
 * - A render that times out or whose browser crashed is retried once on a relaunched browser/page.
 * - `close()` closes the browser and then kills its whole process group, so no Chromium outlives the
 *   run; an `exit` hook does the same if the process ends another way.
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Browser, Page } from "puppeteer-core";
import { BriefError } from "../errors.js";
import { type Printed, preparePage, printPage, type RenderOptions } from "./render.js";

/** Options of a renderer. */
export interface RendererOptions {
  /** Starts a browser. */
  launch: () => Promise<Browser>;
  /** Documents rendering at once (one page each). */
  concurrency: number;
  /** Relaunch the browser after this many renders (default 500). */
  recycleAfter?: number;
  /** Relaunch the browser when its processes use more than this many MB (default 1500). */
  maxBrowserMb?: number;
  /** Open a new page for every brief instead of resetting the worker's page. */
  freshPage?: boolean;
  /** Receives lifecycle events (launch, recycle, retry). */
  onEvent?: (text: string) => void;
}

/** Renders HTML to PDF with fault handling. */
export interface Renderer {
  /** Prints one document (fitted when `options.fit` is set); retried once on timeout or crash. */
  render(html: string, options: RenderOptions): Promise<Printed>;
  /** Starts the browser and opens the pool's pages ahead of the first render (errors surface there). */
  warm(): void;
  /** Closes the browser and kills every process it started. */
  close(): Promise<void>;
  /** How many browsers were launched (0 when nothing was rendered). */
  readonly launches: number;
  /** Browser process ids launched so far (for tests and the bench). */
  readonly pids: number[];
}

interface Generation {
  browser: Browser;
  renders: number;
  active: number;
  retired: boolean;
  pid: number | undefined;
}

/** Kills a process group (Puppeteer starts Chromium detached, as a group leader), then the process. */
export function killTree(pid: number | undefined): void {
  if (!pid) return;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

const live = new Set<number>();
let exitHook = false;
function track(pid: number | undefined): void {
  if (!pid) return;
  live.add(pid);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", () => {
      for (const p of live) killTree(p);
    });
  }
}

/** Resident memory (MB) of a process and all its descendants, from /proc (0 where /proc is missing). */
export function treeRssMb(root: number | undefined): number {
  if (!root) return 0;
  try {
    const parent = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        parent.set(Number(entry), ppid);
      } catch {
        // process ended meanwhile
      }
    }
    const inTree = (pid: number): boolean => {
      for (let p: number | undefined = pid, depth = 0; p && depth < 50; p = parent.get(p), depth++)
        if (p === root) return true;
      return false;
    };
    let kb = 0;
    for (const pid of parent.keys()) {
      if (!inTree(pid)) continue;
      try {
        kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      } catch {
        // ended
      }
    }
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** Pids of live (not zombie) processes in a process group, from /proc. */
export function groupMembers(group: number): number[] {
  const out: number[] = [];
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (fields[0] !== "Z" && Number(fields[2]) === group) out.push(Number(entry));
      } catch {
        // gone
      }
    }
  } catch {
    // no /proc
  }
  return out;
}

/** Waits until a killed browser's process group has left /proc (or the time is up). */
async function waitGone(group: number | undefined, ms: number): Promise<void> {
  if (!group) return;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && groupMembers(group).length > 0) {
    killTree(group);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([
    promise,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref()),
  ]);
}

/**
 * Creates a renderer. Nothing starts until the first render.
 * @param options launch function, pool size, recycling bounds
 */
export function createRenderer(options: RendererOptions): Renderer {
  const recycleAfter = options.recycleAfter ?? 500;
  const maxMb = options.maxBrowserMb ?? 1500;
  let current: Generation | undefined;
  let launching: Promise<Generation> | undefined;
  let launches = 0;
  const pids: number[] = [];
  const all = new Set<Generation>();
  const idlePages = new Map<Generation, Page[]>();
  let waiting: (() => void)[] = [];
  let active = 0;
  let closed = false;

  const shutdown = async (gen: Generation) => {
    gen.retired = true;
    all.delete(gen);
    idlePages.delete(gen);
    await withTimeout(
      gen.browser.close().catch(() => undefined),
      3000,
    );
    killTree(gen.pid);
    await waitGone(gen.pid, 2000);
    if (gen.pid) live.delete(gen.pid);
  };

  const retire = (gen: Generation, why: string) => {
    if (gen.retired) return;
    gen.retired = true;
    if (current === gen) current = undefined;
    options.onEvent?.(`browser recycled (${why})`);
    if (gen.active === 0) void shutdown(gen);
  };

  const generation = async (): Promise<Generation> => {
    if (closed) throw new BriefError("renderer is closed");
    if (current?.browser.connected && !current.retired) return current;
    if (current && !current.browser.connected) retire(current, "browser disconnected");
    if (!launching) {
      launching = (async () => {
        const browser = await options.launch();
        launches++;
        options.onEvent?.("trace: browser launched");
        const pid = browser.process()?.pid;
        if (pid) pids.push(pid);
        track(pid);
        const gen: Generation = { browser, renders: 0, active: 0, retired: false, pid };
        all.add(gen);
        idlePages.set(gen, []);
        browser.on("disconnected", () => {
          if (!gen.retired) retire(gen, "browser crashed or was killed");
        });
        current = gen;
        return gen;
      })().finally(() => {
        launching = undefined;
      });
    }
    return launching;
  };

  const acquireSlot = async () => {
    if (active < options.concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
  };
  const releaseSlot = () => {
    active--;
    const next = waiting.shift();
    if (next) next();
  };

  const attempt = async (html: string, opts: RenderOptions): Promise<Printed> => {
    const gen = await generation();
    gen.active++;
    let page: Page | undefined;
    let healthy = false;
    try {
      page = (!options.freshPage && idlePages.get(gen)?.pop()) || (await preparePage(gen.browser, opts));
      const pdf = await printPage(page, html, opts);
      healthy = true;
      return pdf;
    } finally {
      gen.active--;
      gen.renders++;
      if (page) {
        if (healthy && !options.freshPage && !gen.retired) idlePages.get(gen)?.push(page);
        else if (gen.browser.connected) {
          // A page that failed may be stuck in a script: closing it ends its renderer; if even that
          // hangs, the whole browser goes.
          const ok = await withTimeout(
            page.close().then(
              () => true,
              () => false,
            ),
            2000,
          );
          if (!ok) retire(gen, "a page would not close");
        }
      }
      if (!gen.retired && gen.renders >= recycleAfter) retire(gen, `${gen.renders} renders`);
      if (!gen.retired && gen.renders % 20 === 0 && treeRssMb(gen.pid) > maxMb)
        retire(gen, `memory above ${maxMb} MB`);
      if (gen.retired && gen.active === 0 && all.has(gen)) await shutdown(gen);
    }
  };

  return {
    get launches() {
      return launches;
    },
    get pids() {
      return pids;
    },
    warm() {
      // Launch early, overlapping the browser's start-up with structuring and composing. (Opening
      // pages here too was measured slower: they compete for the same two cores.)
      generation().catch(() => undefined);
    },
    async render(html, opts) {
      await acquireSlot();
      try {
        try {
          return await attempt(html, opts);
        } catch (first) {
          if (closed) throw first;
          options.onEvent?.(`${opts.label}: ${(first as Error).message.split("\n")[0]} — retrying once`);
          if (current) retire(current, "a render timed out or crashed");
          try {
            return await attempt(html, opts);
          } catch (second) {
            throw new BriefError(
              `cannot print ${opts.label} (failed twice): ${(second as Error).message.split("\n")[0]}`,
              {
                hint: "see the messages above; raise browser.timeoutMs if the brief is just slow",
                cause: second,
              },
            );
          }
        }
      } finally {
        releaseSlot();
      }
    },
    async close() {
      closed = true;
      for (const resolve of waiting) resolve();
      waiting = [];
      if (launching) await launching.catch(() => undefined);
      await Promise.all([...all].map(shutdown));
      current = undefined;
    },
  };
}
