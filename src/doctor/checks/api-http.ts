import { EnvHttpProxyAgent, fetch } from 'undici';
import { maskProxyUrl, matchNoProxy } from '../../net/proxy-env.js';
import { DEFAULTS } from '../../core/defaults.js';
import type { ProbeHttpRequest } from '../../providers/probe.js';

/**
 * The API checks' HTTP client: undici's fetch (what the official Node SDKs use) through an
 * EnvHttpProxyAgent built from the doctor's view of the environment, so the doctor sees what a
 * correctly configured client on this machine sees. Every request ends at its own timeout or when
 * the run's time box does, whichever comes first.
 */

export interface HttpAnswer {
  kind: 'answer';
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, or null. */
  json: unknown;
  /** Local clock (ms) when the request was sent and when the response headers arrived. */
  sentAt: number;
  headersAt: number;
  ms: number;
}

export interface HttpFailure {
  kind: 'failure';
  /** `timeout`: this request's own limit; `time box`: the whole run's budget ended; `error`: the client threw. */
  reason: 'timeout' | 'time box' | 'error';
  error: unknown;
  timeoutMs: number;
  /** The proxy the request went to (password masked), or null when it went directly. */
  proxy: string | null;
  ms: number;
}

export type HttpOutcome = HttpAnswer | HttpFailure;

export interface ApiHttp {
  send(request: ProbeHttpRequest, timeoutMs: number): Promise<HttpOutcome>;
  /** The proxy a request to `url` goes through, password masked (for the details), or null. */
  proxyFor(url: string): string | null;
  close(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** undici's precedence: the lower-case variable first. An empty string means "none" (process.env is not consulted). */
function proxySettings(env: Env): { httpProxy: string; httpsProxy: string; noProxy: string } {
  const pick = (name: string) => env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '';
  const httpProxy = pick('http_proxy');
  return { httpProxy, httpsProxy: pick('https_proxy') || httpProxy, noProxy: pick('no_proxy') };
}

export function createApiHttp(env: Env, runSignal: AbortSignal): ApiHttp {
  const settings = proxySettings(env);
  const agent = new EnvHttpProxyAgent(settings);
  const noProxy = settings.noProxy.split(/[,\s]+/).filter(Boolean);
  const proxyFor = (url: string): string | null => proxyOf(settings, noProxy, url);
  return {
    send: (request, timeoutMs) => send(agent, request, timeoutMs, runSignal, proxyFor(request.url)),
    proxyFor,
    close: () => agent.destroy(),
  };
}

async function send(agent: EnvHttpProxyAgent, request: ProbeHttpRequest, timeoutMs: number, runSignal: AbortSignal, proxy: string | null): Promise<HttpOutcome> {
  const own = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([runSignal, own]);
  const sentAt = Date.now();
  const failure = (error: unknown): HttpFailure => ({
    kind: 'failure',
    reason: runSignal.aborted ? 'time box' : own.aborted ? 'timeout' : 'error',
    error,
    timeoutMs,
    proxy,
    ms: Date.now() - sentAt,
  });
  try {
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, dispatcher: agent, signal, redirect: 'manual' });
    const headersAt = Date.now();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const text = await readText(response.body, DEFAULTS.doctor.api.maxBodyBytes);
    return { kind: 'answer', status: response.status, headers, text, json: parseJson(text), sentAt, headersAt, ms: Date.now() - sentAt };
  } catch (error) {
    return failure(error);
  }
}

async function readText(body: AsyncIterable<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.byteLength;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The proxy undici's EnvHttpProxyAgent picks for `url` (https falls back to HTTP_PROXY), password masked. */
function proxyOf(settings: ReturnType<typeof proxySettings>, noProxy: string[], url: string): string | null {
  const target = new URL(url);
  const proxy = target.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (!proxy) return null;
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const exempt = matchNoProxy(target.hostname.replace(/^\[|\]$/g, '').toLowerCase(), port, noProxy);
  return exempt === null ? maskProxyUrl(proxy) : null;
}
