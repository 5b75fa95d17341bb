/**
 * Who holds a lock: more than a pid, which can be alive again for another process (a pid reused after
 * a reboot, or pid 1 of a restarted container). A process is identified by its pid, the kernel's boot
 * id and its start time (from /proc where there is one); a live holder also refreshes a heartbeat.
 * @module
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/** The identity written into a lock. */
export interface Owner {
  pid: number;
  host: string;
  startedAt: string;
  /** /proc/sys/kernel/random/boot_id: changes at every boot. */
  bootId?: string;
  /** Field 22 of /proc/<pid>/stat: the process's start time in clock ticks since boot. */
  procStart?: string;
}

/** The kernel's boot id, or undefined without /proc. */
export function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return undefined;
  }
}

/**
 * A process's start time since boot (clock ticks), or undefined when it is gone or there is no /proc.
 * @param pid the process
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** This process as a lock owner. */
export function me(): Owner {
  const boot = bootId();
  const start = processStart(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    ...(boot ? { bootId: boot } : {}),
    ...(start ? { procStart: start } : {}),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Why a lock's owner is no longer running, or undefined when it may be (another host's owner always may).
 * @param owner the identity in the lock
 * @param heartbeatAgeMs how long ago the owner last refreshed the lock
 * @param staleAfterMs a heartbeat older than this means the owner is gone
 */
export function goneBecause(owner: Owner, heartbeatAgeMs: number, staleAfterMs: number): string | undefined {
  if (owner.host !== hostname()) return undefined;
  const boot = bootId();
  if (owner.bootId && boot && owner.bootId !== boot) return "the machine has restarted since";
  if (!alive(owner.pid)) return "it is no longer running";
  const start = processStart(owner.pid);
  if (owner.procStart && start && owner.procStart !== start) return `pid ${owner.pid} is now another process`;
  if (heartbeatAgeMs > staleAfterMs)
    return `it has not refreshed the lock for ${Math.round(heartbeatAgeMs / 1000)} s`;
  return undefined;
}
