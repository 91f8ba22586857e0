import type { RateState } from '../simulator.js';
import { cfRay, PROJECT_ID, requestId } from './simulated-ids.js';

/**
 * Response headers as api.openai.com sends them. Two profiles, from recorded responses (envoyproxy/ai-gateway
 * internal/testing/fakeopenai/cassettes, 2025-07, project keys):
 * - the API layer (answers, streams, parameter validation, rate limits): access-control-expose-headers,
 *   openai-processing-ms, openai-project, openai-version: 2020-10-01, x-envoy-upstream-service-time,
 *   x-request-id, plus Cloudflare's (cassettes chat-basic, chat-streaming, chat-no-messages; the 429 of
 *   openai/openai-node#1477 too). `openai-organization` appears only for user keys, not project keys.
 * - the front layer (keys, billing, unknown models, body parsing): content-type with charset, vary: Origin,
 *   x-request-id and Cloudflare's only (cassette chat-bad-model; corpus oa-060).
 */

export const JSON_TYPE = 'application/json';
/** The front layer says `charset=utf-8` (cassette chat-bad-model; oa-060; llm-answer-engine#58). */
const JSON_UTF8_TYPE = 'application/json; charset=utf-8';
export const SSE_TYPE = 'text/event-stream; charset=utf-8';
const HTML_TYPE = 'text/html; charset=UTF-8';

/** OpenAI's request ids are `req_` + 32 hex; the mock hands out other ids, reshaped here. */
const REQUEST_ID_SHAPE = /^req_[0-9a-f]{32}$/;
export const shapeRequestId = (id: string): string => (REQUEST_ID_SHAPE.test(id) ? id : requestId(id));

function cloudflareHeaders(seed: string): Record<string, string> {
  return {
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    'x-content-type-options': 'nosniff',
    'cf-cache-status': 'DYNAMIC',
    server: 'cloudflare',
    'cf-ray': cfRay(seed),
    'alt-svc': 'h3=":443"; ma=86400',
  };
}

export function frontHeaders(reqId: string, contentType = JSON_UTF8_TYPE): Record<string, string> {
  return { 'content-type': contentType, vary: 'Origin', 'x-request-id': reqId, ...cloudflareHeaders(reqId) };
}

export function apiHeaders(reqId: string, processingMs: number, contentType = JSON_TYPE): Record<string, string> {
  return {
    'content-type': contentType,
    'access-control-expose-headers': 'X-Request-ID',
    'openai-processing-ms': String(processingMs),
    'openai-project': PROJECT_ID,
    'openai-version': '2020-10-01',
    'x-envoy-upstream-service-time': String(processingMs + 9),
    'x-request-id': reqId,
    ...cloudflareHeaders(reqId),
  };
}

/** An edge page (Cloudflare block, 413): no request id, the origin never saw the request. */
export function edgeHeaders(seed: string): Record<string, string> {
  return { 'content-type': HTML_TYPE, ...cloudflareHeaders(seed) };
}

/**
 * Go's time.Duration.String() for whole milliseconds, as OpenAI writes `x-ratelimit-reset-*` and
 * "Please try again in …": `0s`, `8ms`, `120ms`, `1s`, `9.816s`, `1m26.4s`, `6m0s`, `2h0m0s`.
 */
export function goDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const secondsMs = total % 60_000;
  const seconds = secondsMs % 1000 === 0 ? String(secondsMs / 1000) : (secondsMs / 1000).toFixed(3).replace(/0+$/, '');
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** The six rate-limit headers OpenAI puts on every response (docs: guides/rate-limits, "Rate limits in headers"). */
export function rateLimitHeaders(rate: RateState): Record<string, string> {
  return {
    'x-ratelimit-limit-requests': String(rate.limitRequests),
    'x-ratelimit-limit-tokens': String(rate.limitTokens),
    'x-ratelimit-remaining-requests': String(Math.max(0, rate.remainingRequests)),
    'x-ratelimit-remaining-tokens': String(Math.max(0, rate.remainingTokens)),
    'x-ratelimit-reset-requests': goDuration(rate.resetRequestsMs),
    'x-ratelimit-reset-tokens': goDuration(rate.resetTokensMs),
  };
}

/** `retry-after` in whole seconds, as OpenAI documents it for rate-limited 429s (openai/openai-openapi#564). */
export const retryAfterSeconds = (ms: number): string => String(Math.max(1, Math.ceil(ms / 1000)));
