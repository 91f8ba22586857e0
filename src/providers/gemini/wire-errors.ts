import { diagnosisNote, errorEnvelope } from '../wire-error-envelope.js';
import type { GatewayError } from '../wire.js';

/**
 * Errors as google.rpc.Status, `{"error":{"code","message","status","details"?}}`
 * (https://ai.google.dev/gemini-api/docs/troubleshooting), which @google/genai raises as ApiError
 * with the HTTP status. Our diagnosis rides along as `error.llmdoctor`; `details` of Google's own are
 * typed entries (`@type`), so ours go with the diagnosis rather than among them.
 */

/**
 * The canonical status names by HTTP status (google/rpc/code.proto). Google answers a depleted
 * prepay with 402 RESOURCE_EXHAUSTED and an oversized payload with INVALID_ARGUMENT
 * ("Request payload size exceeds the limit").
 */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  402: 'RESOURCE_EXHAUSTED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function googleStatusName(status: number): string {
  return STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
}

export function geminiErrorResponse(error: GatewayError): { status: number; headers: Record<string, string>; body: string } {
  return { status: error.status, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify(geminiErrorBody(error)) };
}

/**
 * An error chunk after HTTP 200. @google/genai throws ApiError on a chunk with an `error` object only
 * when its `code` is an HTTP error status (400-599), so one outside that range is sent as 500.
 */
export function geminiStreamError(error: GatewayError): string {
  const status = error.status >= 400 && error.status <= 599 ? error.status : 500;
  return `data: ${JSON.stringify(geminiErrorBody({ ...error, status }))}\n\n`;
}

export function geminiErrorBody(error: GatewayError): Record<string, unknown> {
  const note: Record<string, unknown> = diagnosisNote(error);
  if (error.details !== undefined) note.details = error.details;
  const upstream = errorEnvelope(error.upstreamBody);
  if (upstream) return { ...upstream.body, error: { ...upstream.error, llmdoctor: note } };
  return { error: { code: error.status, message: error.message, status: googleStatusName(error.status), llmdoctor: note } };
}
