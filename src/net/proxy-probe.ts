import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { DEFAULTS } from '../core/defaults.js';
import type { ProxySetting } from './proxy-env.js';
import { openTcp, probeTcp, type TcpProbeResult } from './tcp-probe.js';
import { elapsedMs, openTimeBox } from './time-box.js';

/**
 * - `answered`: the proxy sent a status line (200 to CONNECT opens the tunnel; 407 asks for credentials;
 *   403 refuses the destination; 502/504: the proxy could not reach it);
 * - `unreachable`: no TCP connection to the proxy (`tcp` says why); `tls-failed`: an https:// proxy's
 *   own handshake failed; `closed`: it hung up without answering; `timeout` / `aborted`: no answer in time.
 */
export type ProxyOutcome = 'answered' | 'unreachable' | 'tls-failed' | 'closed' | 'timeout' | 'aborted';

export interface ProxyProbeResult {
  proxy: string;
  /** `CONNECT api.openai.com:443` or `GET http://host/path`. */
  request: string;
  outcome: ProxyOutcome;
  tcp: TcpProbeResult | null;
  status: number | null;
  statusText: string | null;
  headers: Record<string, string>;
  /** Whether Proxy-Authorization was sent (credentials in the proxy URL). */
  sentCredentials: boolean;
  /** From the start until the proxy's status line (or the failure). */
  ms: number;
  error: string | null;
  /** After a 200 to CONNECT: the open tunnel to the destination. The caller must destroy it. */
  tunnel: Duplex | null;
}

export interface ProxyProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Trusted CAs for an https:// proxy's own certificate. */
  ca?: string[];
}

/** Can a TCP connection to the proxy be opened at all. */
export function probeProxyReach(proxy: ProxySetting, options: ProxyProbeOptions = {}): Promise<TcpProbeResult> {
  return probeTcp(proxy.host, proxy.port, { timeoutMs: options.timeoutMs ?? DEFAULTS.net.connectTimeoutMs, signal: options.signal });
}

/**
 * Asks the proxy for `target` the way clients do: `CONNECT host:port` for https:// (the tunnel is
 * handed back open), an absolute-form `GET` for http://. Raw socket, so every answer is seen as sent.
 */
export async function probeThroughProxy(proxy: ProxySetting, target: URL, options: ProxyProbeOptions = {}): Promise<ProxyProbeResult> {
  const box = openTimeBox(options.timeoutMs ?? DEFAULTS.net.proxyTimeoutMs, options.signal);
  const start = performance.now();
  const secure = target.protocol === 'https:';
  const authority = `${target.hostname}:${Number(target.port) || (secure ? 443 : 80)}`;
  const request = secure ? `CONNECT ${authority}` : `GET ${target.href}`;
  const sentCredentials = proxy.username !== null || proxy.password !== null;
  const result = (outcome: ProxyOutcome, extra: Partial<ProxyProbeResult> = {}): ProxyProbeResult => ({
    proxy: proxy.display, request, outcome, tcp: null, status: null, statusText: null, headers: {},
    sentCredentials, ms: elapsedMs(start), error: null, tunnel: null, ...extra,
  });
  try {
    const opened = await openTcp(proxy.host, proxy.port, { signal: box.signal, timeoutMs: options.timeoutMs ?? DEFAULTS.net.proxyTimeoutMs });
    if (opened.socket === null) {
      const ended = box.ended();
      return result(ended === 'aborted' ? 'aborted' : 'unreachable', { tcp: opened.result });
    }
    let socket: Duplex = opened.socket;
    if (proxy.protocol === 'https:') {
      const secured = await secureToProxy(opened.socket, proxy, options.ca, box.signal);
      if (typeof secured === 'string') {
        opened.socket.destroy();
        return result(box.ended() ?? 'tls-failed', { tcp: opened.result, error: secured });
      }
      socket = secured;
    }
    const headerLines = [
      secure ? `CONNECT ${authority} HTTP/1.1` : `GET ${target.href} HTTP/1.1`,
      `Host: ${secure ? authority : target.host}`,
      'User-Agent: llmdoctor-check',
      ...(sentCredentials ? [`Proxy-Authorization: Basic ${basicCredentials(proxy)}`] : []),
      ...(secure ? [] : ['Connection: close']),
    ];
    socket.write(`${headerLines.join('\r\n')}\r\n\r\n`);
    const head = await readHead(socket, box.signal);
    if (typeof head === 'string') {
      socket.destroy();
      const ended = box.ended();
      return result(ended ?? 'closed', { tcp: opened.result, error: ended ? null : head });
    }
    const tunnel = secure && head.status === 200 ? socket : null;
    if (tunnel === null) socket.destroy();
    return result('answered', { tcp: opened.result, status: head.status, statusText: head.statusText, headers: head.headers, tunnel });
  } finally {
    box.close();
  }
}

function basicCredentials(proxy: ProxySetting): string {
  return Buffer.from(`${proxy.username ?? ''}:${proxy.password ?? ''}`, 'utf8').toString('base64');
}

function secureToProxy(socket: Duplex, proxy: ProxySetting, ca: string[] | undefined, signal: AbortSignal): Promise<Duplex | string> {
  return new Promise((resolve) => {
    const tls = tlsConnect({ socket, servername: isIP(proxy.host) === 0 ? proxy.host : undefined, ...(ca ? { ca } : {}) });
    tls.once('secureConnect', () => resolve(tls));
    tls.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    signal.addEventListener('abort', () => {
      tls.destroy();
      resolve('timeout');
    }, { once: true });
  });
}

interface ResponseHead {
  status: number;
  statusText: string;
  headers: Record<string, string>;
}

const MAX_HEAD_BYTES = 16 * 1024;

/** Reads a response head; bytes after it are put back for whoever uses the tunnel next. */
function readHead(socket: Duplex, signal: AbortSignal): Promise<ResponseHead | string> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const done = (outcome: ResponseHead | string): void => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) {
        if (buffered.length > MAX_HEAD_BYTES) done('response head too large');
        return;
      }
      socket.pause();
      const rest = buffered.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      const parsed = parseHead(buffered.subarray(0, end).toString('latin1'));
      done(parsed ?? 'not an HTTP answer');
    };
    const onEnd = (): void => done('closed without answering');
    const onError = (error: NodeJS.ErrnoException): void => done(error.code ?? error.message);
    const onAbort = (): void => done('timeout');
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function parseHead(text: string): ResponseHead | null {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const match = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(statusLine);
  if (!match) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(match[1]), statusText: match[2] ?? '', headers };
}
