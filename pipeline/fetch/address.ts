/**
 * Server-side request forgery guard: which addresses a fetch may connect to, and a DNS lookup for
 * undici's connector that refuses the others, so the address checked is the address connected to.
 * @module
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { FetchError } from "./failure.js";

/**
 * Private addresses allowed: `true` allows all, a list allows those host names, addresses and CIDR
 * ranges (`localhost`, `127.0.0.1`, `10.0.0.0/8`, `fd00::/8`); default none.
 */
export type AllowPrivate = boolean | readonly string[];

/** True when an IP address is public unicast (not private, loopback, link-local, multicast, …). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 becomes IPv4
  return parsed.range() === "unicast";
}

function listed(address: string, host: string, allow: readonly string[]): boolean {
  const ip = ipaddr.process(address);
  return allow.some((entry) => {
    if (entry.toLowerCase() === host.toLowerCase()) return true;
    try {
      if (entry.includes("/")) {
        const [range, bits] = ipaddr.parseCIDR(entry);
        return ip.kind() === range.kind() && ip.match([range, bits] as never);
      }
      return ipaddr.isValid(entry) && ipaddr.process(entry).toString() === ip.toString();
    } catch {
      return false;
    }
  });
}

/**
 * Throws unless the address may be connected to.
 * @param address the resolved IP address
 * @param host the host name it was resolved from (for host entries in the allow list)
 * @param allow the `allowPrivate` option
 * @throws FetchError `refused private address <ip>`
 */
export function checkAddress(address: string, host: string, allow: AllowPrivate = false): void {
  if (isPublicAddress(address) || allow === true) return;
  if (Array.isArray(allow) && listed(address, host, allow)) return;
  const shown = ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
  throw new FetchError(`refused private address ${shown}`);
}

/** Host name without IPv6 brackets. */
export function bareHost(hostname: string): string {
  return hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
}

/** Checks a URL whose host is an IP literal (no DNS lookup happens for those). */
export function checkLiteralHost(url: URL, allow: AllowPrivate): void {
  const host = bareHost(url.hostname);
  if (isIP(host)) checkAddress(host, host, allow);
}

/**
 * A `lookup` for `net.connect` that resolves a name and keeps only the addresses allowed.
 * @param allow the `allowPrivate` option
 * @returns a function with the signature of `dns.lookup`
 */
export function guardedLookup(allow: AllowPrivate): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : (options.family ?? 0);
    dnsLookup(hostname, { all: true, family }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "");
      let refused: FetchError | undefined;
      const ok = addresses.filter((a) => {
        try {
          checkAddress(a.address, hostname, allow);
          return true;
        } catch (e) {
          refused ??= e as FetchError;
          return false;
        }
      });
      const first = ok[0];
      if (!first) return callback(refused ?? new FetchError("dns"), "");
      if (options.all) return callback(null, ok);
      callback(null, first.address, first.family);
    });
  };
}
