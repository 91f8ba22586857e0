/**
 * Response headers of generativelanguage.googleapis.com, copied from recorded responses:
 * - JSON (generateContent, errors): googleapis/js-genai#907 (sdkHttpResponse.headers) and
 *   google/adk-go model/testdata/TestNewGeminiModel.httprr;
 * - SSE (`?alt=sse`): google/adk-go agent/llmagent/testdata/TestLLMAgentStreamingModeSSE.httprr
 *   (adds `content-disposition: attachment`, content type `text/event-stream`).
 * Google sends no request-id header, no `x-goog-*` header and no rate-limit headers on this API;
 * `date`, `content-length` / `transfer-encoding` are written by the HTTP server.
 */

const COMMON = {
  vary: 'Origin, X-Origin, Referer',
  server: 'scaffolding on HTTPServer2',
  'x-xss-protection': '0',
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
  'alt-svc': 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000',
} as const;

const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';
export const SSE_CONTENT_TYPE = 'text/event-stream';

/** `server-timing: gfet4t7; dur=N`: the front end's processing time in ms. */
function serverTiming(ms: number): string {
  return `gfet4t7; dur=${Math.max(1, Math.round(ms))}`;
}

export function jsonHeaders(ms: number): Record<string, string> {
  return { 'content-type': JSON_CONTENT_TYPE, ...COMMON, 'server-timing': serverTiming(ms) };
}

export function sseHeaders(ms: number): Record<string, string> {
  return { 'content-disposition': 'attachment', 'content-type': SSE_CONTENT_TYPE, ...COMMON, 'server-timing': serverTiming(ms) };
}

/**
 * The Google front end's HTML 404 page has its own, shorter header set (`curl -I` on an unknown
 * path: `content-type: text/html; charset=UTF-8`, `referrer-policy: no-referrer`).
 */
export function htmlHeaders(): Record<string, string> {
  return { 'content-type': 'text/html; charset=UTF-8', 'referrer-policy': 'no-referrer' };
}
