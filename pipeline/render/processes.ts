/**
 * The browser's processes as the operating system sees them: kill a process group, track launched
 * browsers so none outlives this process, read memory and group members from /proc.
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";

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

/** Remembers a launched browser's pid, so an exit of this process kills its group. */
export function track(pid: number | undefined): void {
  if (!pid) return;
  live.add(pid);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", () => {
      for (const p of live) killTree(p);
    });
  }
}

/** Forgets a browser that was shut down. */
export function untrack(pid: number | undefined): void {
  if (pid) live.delete(pid);
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
export async function waitGone(group: number | undefined, ms: number): Promise<void> {
  if (!group) return;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && groupMembers(group).length > 0) {
    killTree(group);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A promise that resolves undefined after `ms` if the given one has not settled. The timer keeps the
 * process alive until then (an unref'd one let a run whose browser never answered end with its
 * top-level await unsettled: exit 13, no summary, lock left), and is cleared as soon as it is not needed.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
