import { ADDRCONFIG } from 'node:dns';
import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ADDRESS_KIND_MEANING, addressKind, type AddressKind } from './address-kind.js';
import { DEFAULTS } from '../core/defaults.js';
import { elapsedMs, openTimeBox, whenAborted, type TimeBox } from './time-box.js';

export interface DnsAnswer {
  addresses: string[];
  /**
   * Why there are no addresses: the resolver's code (`ENOTFOUND`, `ENODATA`: no record of this type,
   * `ESERVFAIL`, `EAI_AGAIN`, ...), or `timeout` / `aborted` when the time box ended first.
   */
  error: string | null;
  ms: number;
}

export interface SuspiciousAddress {
  address: string;
  kind: Exclude<AddressKind, 'public'>;
  meaning: string;
}

export interface DnsProbeResult {
  host: string;
  /** The host is an IP address: nothing to resolve. */
  literal: boolean;
  /** getaddrinfo, as Node's `connect` resolves: hosts file and nsswitch first, then DNS; IPv6 only if configured. */
  system: DnsAnswer & { families: Array<4 | 6> };
  /** A and AAAA records asked of the DNS servers directly, bypassing the hosts file. */
  a: DnsAnswer;
  aaaa: DnsAnswer;
  servers: string[];
  /** Answers, from any source, that a public server never has. */
  suspicious: SuspiciousAddress[];
}

export interface DnsProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** DNS servers to ask for A/AAAA instead of the system's (`1.1.1.1`, `127.0.0.1:5353`). */
  servers?: string[];
}

/** Resolves a host the way Node does (getaddrinfo) and asks DNS for A and AAAA separately, each timed. */
export async function probeDns(host: string, options: DnsProbeOptions = {}): Promise<DnsProbeResult> {
  const bare = host.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family !== 0) {
    const literal: DnsAnswer = { addresses: [bare], error: null, ms: 0 };
    const none: DnsAnswer = { addresses: [], error: null, ms: 0 };
    return {
      host: bare, literal: true, servers: [], suspicious: [],
      system: { ...literal, families: [family as 4 | 6] },
      a: family === 4 ? literal : none, aaaa: family === 6 ? literal : none,
    };
  }
  const box = openTimeBox(options.timeoutMs ?? DEFAULTS.net.dnsTimeoutMs, options.signal);
  const resolver = new Resolver({ timeout: options.timeoutMs ?? DEFAULTS.net.dnsTimeoutMs, tries: 1 });
  if (options.servers) resolver.setServers(options.servers);
  box.signal.addEventListener('abort', () => resolver.cancel(), { once: true });
  try {
    const [system, a, aaaa] = await Promise.all([
      systemLookup(bare, box),
      askDns(() => resolver.resolve4(bare), box),
      askDns(() => resolver.resolve6(bare), box),
    ]);
    const seen = [...system.addresses, ...a.addresses, ...aaaa.addresses];
    return { host: bare, literal: false, system, a, aaaa, servers: resolver.getServers(), suspicious: suspiciousAmong(seen) };
  } finally {
    box.close();
  }
}

async function systemLookup(host: string, box: TimeBox): Promise<DnsProbeResult['system']> {
  const start = performance.now();
  // getaddrinfo runs in the thread pool and cannot be cancelled: race it against the time box.
  const answer = await Promise.race([
    // ADDRCONFIG as net.connect asks: no AAAA answers on a machine without an IPv6 address.
    lookup(host, { all: true, hints: ADDRCONFIG }).then(
      (found) => ({ found, error: null }),
      (error: NodeJS.ErrnoException) => ({ found: [], error: error.code ?? error.message }),
    ),
    whenAborted(box.signal).then(() => ({ found: [], error: box.ended() ?? 'aborted' })),
  ]);
  return {
    addresses: answer.found.map((entry) => entry.address),
    families: answer.found.map((entry) => (entry.family === 6 ? 6 : 4)),
    error: answer.error,
    ms: elapsedMs(start),
  };
}

async function askDns(query: () => Promise<string[]>, box: TimeBox): Promise<DnsAnswer> {
  const start = performance.now();
  try {
    return { addresses: await query(), error: null, ms: elapsedMs(start) };
  } catch (error) {
    const code = box.ended() ?? (error as NodeJS.ErrnoException).code ?? String(error);
    return { addresses: [], error: code, ms: elapsedMs(start) };
  }
}

function suspiciousAmong(addresses: string[]): SuspiciousAddress[] {
  const found = new Map<string, SuspiciousAddress>();
  for (const address of addresses) {
    const kind = addressKind(address);
    if (kind !== 'public' && !found.has(address)) found.set(address, { address, kind, meaning: ADDRESS_KIND_MEANING[kind] });
  }
  return [...found.values()];
}
