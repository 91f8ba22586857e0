import type { Dispatcher } from 'undici';
import type { ReadOnRequest } from '../../providers/wire.js';
import type { GatewayCall } from './call.js';
import type { Target } from './route-plan.js';
import { upstreamPath } from './upstream-path.js';

/** An upstream's answer as undici hands it over: status, headers (lower-case names) and the body stream. */
export type AttemptAnswer = Pick<Dispatcher.ResponseData, 'statusCode' | 'headers' | 'body'>;

/** undici's limits for one attempt: to the answer's headers, and between its body's chunks. */
export interface AttemptTimeouts {
  headersMs: number;
  bodyMs: number;
}

export interface AttemptSpec {
  call: GatewayCall;
  target: Target;
  secret: string;
  /** The body to send (already rewritten for the target), or null. */
  body: Buffer | string | null;
  /** Send through the upstream's region proxy. */
  viaRegionProxy: boolean;
  /** Sent instead of the client's request: a read of the answer on from where its stream was cut. */
  readOn?: ReadOnRequest | null;
  timeouts: AttemptTimeouts;
}

/**
 * Sends one attempt to a target over the upstream's keep-alive connections. Network failures reject;
 * a URL outside the upstream throws before anything is sent.
 */
export function sendAttempt(spec: AttemptSpec): Promise<AttemptAnswer> {
  const { call, target } = spec;
  const { upstream } = target;
  const request = spec.readOn ?? call;
  const path = upstreamPath(upstream, upstream.dialect.url(upstream.baseUrl, request.match, target.model, request.query));
  const dispatcher = spec.viaRegionProxy && upstream.regionDispatcher ? upstream.regionDispatcher : upstream.dispatcher;
  return dispatcher.request({
    origin: upstream.origin,
    path,
    method: request.method as Dispatcher.HttpMethod,
    headers: upstreamHeaders(spec),
    body: spec.body,
    // undici accepts anything with addEventListener; ours is cheaper than an AbortSignal
    signal: call.signal as unknown as AbortSignal,
    headersTimeout: spec.timeouts.headersMs,
    bodyTimeout: spec.timeouts.bodyMs,
  });
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
