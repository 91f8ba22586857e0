import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { DEFAULTS } from '../core/defaults.js';
import { elapsedMs, openTimeBox } from './time-box.js';

/** `answered`: any HTTP status arrived (a 404 or 401 proves the path works as well as a 200). */
export type HttpOutcome = 'answered' | 'failed' | 'timeout' | 'aborted';

export interface HttpProbeResult {
  url: string;
  outcome: HttpOutcome;
  status: number | null;
  headers: Record<string, string>;
  /** Time until the response headers arrived (or the failure). */
  ms: number;
  /** The client's error code (ECONNREFUSED, UNABLE_TO_GET_ISSUER_CERT_LOCALLY, UND_ERR_SOCKET, ...). */
  error: string | null;
  message: string | null;
}

export interface HttpProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Trusted CAs for https (replaces Node's bundled roots). */
  ca?: string[];
  headers?: Record<string, string>;
  /** Connect to this address instead of resolving the URL's host (the one the TCP step verified). */
  address?: string;
}

/**
 * One GET straight to `url` with a fresh undici Agent (no proxy, no global dispatcher, no redirects):
 * the path Node's fetch takes.
 */
export async function probeHttp(url: string, options: HttpProbeOptions = {}): Promise<HttpProbeResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.net.httpTimeoutMs;
  const box = openTimeBox(timeoutMs, options.signal);
  const agent = new Agent({
    connect: {
      timeout: timeoutMs,
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.address ? { lookup: pinnedLookup(options.address) } : {}),
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    pipelining: 0,
  });
  const start = performance.now();
  try {
    const response = await request(url, {
      method: 'GET',
      dispatcher: agent,
      signal: box.signal,
      headers: { 'user-agent': 'llmdoctor-check', accept: 'application/json', ...options.headers },
    });
    const ms = elapsedMs(start);
    // Only the head matters; dropping the body must not surface as an error later.
    response.body.on('error', () => undefined).destroy();
    return { url, outcome: 'answered', status: response.statusCode, headers: flatten(response.headers), ms, error: null, message: null };
  } catch (error) {
    const ms = elapsedMs(start);
    const ended = box.ended();
    const failure = error as Error & { code?: string; cause?: { code?: string; message?: string } };
    const code = failure.cause?.code ?? failure.code ?? null;
    const outcome: HttpOutcome = ended ?? (code === 'UND_ERR_HEADERS_TIMEOUT' ? 'timeout' : 'failed');
    return { url, outcome, status: null, headers: {}, ms, error: code, message: failure.cause?.message ?? failure.message };
  } finally {
    box.close();
    void agent.destroy().catch(() => undefined);
  }
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` that answers one fixed address, in whichever form (single or `all`) the caller asks. */
function pinnedLookup(address: string) {
  const family = isIP(address) === 6 ? 6 : 4;
  return (_host: string, options: { all?: boolean }, callback: LookupCallback): void => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}
