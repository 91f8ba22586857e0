import { connect, isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { DEFAULTS } from '../core/defaults.js';
import { elapsedMs, openTimeBox } from './time-box.js';

/**
 * - `refused`: something answered "nothing listens here" (RST): wrong port, or a firewall that rejects;
 * - `unreachable`: no route to the address (no IPv6 route, network down);
 * - `unresolved`: a host name (not an address) was given and did not resolve;
 * - `timeout`: nothing answered at all: a firewall dropping packets, a black-holed address;
 * - `aborted`: the run's time box ended first.
 */
export type TcpOutcome = 'connected' | 'refused' | 'unreachable' | 'unresolved' | 'timeout' | 'reset' | 'aborted' | 'error';

export interface TcpProbeResult {
  address: string;
  port: number;
  family: 4 | 6;
  outcome: TcpOutcome;
  /** The system's error code when there was one (ECONNREFUSED, ENETUNREACH, ...). */
  code: string | null;
  ms: number;
}

export interface TcpProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

export function tcpOutcomeOf(code: string | undefined): TcpOutcome {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code !== undefined && UNREACHABLE.has(code)) return 'unreachable';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'unresolved';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET') return 'reset';
  return 'error';
}

/** Opens one TCP connection to one address (no family fallback) and closes it. A host name is resolved first. */
export async function probeTcp(address: string, port: number, options: TcpProbeOptions = {}): Promise<TcpProbeResult> {
  const opened = await openTcp(address, port, options);
  opened.socket?.destroy();
  return opened.result;
}

/** Like `probeTcp`, but hands over the connected socket (for a TLS handshake on it); the caller closes it. */
export async function openTcp(
  address: string,
  port: number,
  options: TcpProbeOptions = {},
): Promise<{ result: TcpProbeResult; socket: Socket | null }> {
  const literal = isIP(address);
  const box = openTimeBox(options.timeoutMs ?? DEFAULTS.net.connectTimeoutMs, options.signal);
  const start = performance.now();
  const socket = literal !== 0 ? connect({ host: address, port, family: literal, autoSelectFamily: false }) : connect({ host: address, port });
  const settle = (outcome: TcpOutcome, code: string | null): TcpProbeResult => {
    const family = literal === 6 || socket.remoteFamily === 'IPv6' ? 6 : 4;
    return { address: socket.remoteAddress ?? address, port, family, outcome, code, ms: elapsedMs(start) };
  };
  try {
    const result = await new Promise<TcpProbeResult>((resolve) => {
      socket.once('connect', () => resolve(settle('connected', null)));
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(settle(tcpOutcomeOf(error.code), error.code ?? null)));
      box.signal.addEventListener('abort', () => resolve(settle(box.ended() === 'aborted' ? 'aborted' : 'timeout', null)), { once: true });
    });
    if (result.outcome !== 'connected') socket.destroy();
    return { result, socket: result.outcome === 'connected' ? socket : null };
  } finally {
    box.close();
  }
}
