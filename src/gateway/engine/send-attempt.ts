import type { Dispatcher } from 'undici';
import type { GatewayCall } from './call.js';
import type { Target } from './route-plan.js';

export interface AttemptAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

export interface AttemptSpec {
  call: GatewayCall;
  target: Target;
  secret: string;
  /** The body to send (already rewritten for the target), or null. */
  body: Buffer | string | null;
  /** Send through the upstream's region proxy. */
  viaRegionProxy: boolean;
  /** Until the answer's headers; then, for bodies, the longest silence between chunks. */
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

/** Sends one attempt to a target over the upstream's keep-alive connections. Network failures reject. */
export async function sendAttempt(spec: AttemptSpec): Promise<AttemptAnswer> {
  const { call, target } = spec;
  const { upstream } = target;
  const url = new URL(upstream.dialect.url(upstream.baseUrl, call.match, target.model, call.query));
  // The one choke point: whatever a request held, it goes to the configured upstream, under its base path
  if (url.origin !== upstream.origin || !url.pathname.startsWith(upstream.basePath)) {
    throw Object.assign(new Error(`refused: ${url.pathname} is outside upstream ${upstream.name}'s base path`), { code: 'ERR_LLMDOCTOR_OUTSIDE_UPSTREAM' });
  }
  const dispatcher = spec.viaRegionProxy && upstream.regionDispatcher ? upstream.regionDispatcher : upstream.dispatcher;
  const answer = await dispatcher.request({
    origin: url.origin,
    path: url.pathname + url.search,
    method: call.method as Dispatcher.HttpMethod,
    headers: upstreamHeaders(spec),
    body: spec.body,
    // undici accepts anything with addEventListener; ours is cheaper than an AbortSignal
    signal: call.signal as unknown as AbortSignal,
    headersTimeout: spec.headersTimeoutMs,
    bodyTimeout: spec.bodyTimeoutMs,
  });
  return { status: answer.statusCode, headers: answer.headers, body: answer.body };
}

function upstreamHeaders(spec: AttemptSpec): Record<string, string> {
  const { upstream } = spec.target;
  const headers: Record<string, string> = { ...upstream.dialect.defaultHeaders };
  for (const name of upstream.dialect.forwardedHeaders) {
    const value = spec.call.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (spec.body !== null) headers['content-type'] = 'application/json';
  Object.assign(headers, upstream.config.headers, upstream.dialect.authHeaders(spec.secret));
  return headers;
}
