import type { SimResponse } from '../simulator.js';
import { jsonHeaders, SSE_CONTENT_TYPE } from './simulated-headers.js';
import { prettyJson } from './simulated-json.js';
import type { ResponseStyle } from './simulated-request-style.js';

/** google.rpc.Status: `{"error": {"code", "message", "status", "details"?}}` (NOTES.md §4). */
export interface GoogleStatus {
  code: number;
  message: string;
  status: string;
  details?: readonly unknown[];
}

export const TYPE = 'type.googleapis.com/google.rpc.';

export function errorInfo(reason: string, metadata: Record<string, string>): Record<string, unknown> {
  return { '@type': `${TYPE}ErrorInfo`, reason, domain: 'googleapis.com', metadata };
}

export function localizedMessage(message: string): Record<string, unknown> {
  return { '@type': `${TYPE}LocalizedMessage`, locale: 'en-US', message };
}

export function badRequest(violations: readonly { field?: string; description: string }[]): Record<string, unknown> {
  return { '@type': `${TYPE}BadRequest`, fieldViolations: violations };
}

/**
 * The error as Google frames it for the request: JSON, the same JSON under `text/event-stream` for
 * `alt=sse` (gm-b019: 109 bytes = the pretty JSON plus its newline), or wrapped in the streamed
 * array for `:streamGenerateContent` without `alt=sse` (gm-001: `[{\n  "error": ...\n}\n]`).
 */
export function googleError(error: GoogleStatus, style: ResponseStyle): SimResponse {
  const envelope = { error: error.details ? { code: error.code, message: error.message, status: error.status, details: error.details } : { code: error.code, message: error.message, status: error.status } };
  const headers = jsonHeaders(errorMs(error.code));
  if (style === 'sse') return { status: error.code, headers: { ...headers, 'content-type': SSE_CONTENT_TYPE }, body: prettyJson(envelope) };
  if (style === 'json-array') return { status: error.code, headers, body: `[${prettyJson(envelope).slice(0, -1)}\n]` };
  return { status: error.code, headers, body: prettyJson(envelope) };
}

/** Rejections at the front end are fast; errors from the model backend take longer. */
function errorMs(code: number): number {
  return code >= 500 ? 3004 : code === 429 ? 85 : 23;
}
