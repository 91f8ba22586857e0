import { asRecord, parseJsonObject } from '../probe.js';
import { diagnosisNote } from '../wire-error-envelope.js';
import type { GatewayError } from '../wire.js';
import { openaiErrorKind } from './wire-error-vocabulary.js';

/**
 * Errors as OpenAI sends them, `{"error": {message, type, param, code}}`, so the official SDKs raise
 * their usual classes (BadRequestError, RateLimitError, ...) with the message; our diagnosis rides
 * along in `error.llmdoctor`. An upstream's own envelope is kept, only completed and annotated.
 */

type Json = Record<string, unknown>;

/** The upstream's `error` object when its body is an OpenAI envelope (Azure's has no type/param: absent fields are added, present ones kept). */
function upstreamError(body: string | null): Json | null {
  const envelope = body === null ? null : parseJsonObject(body);
  // Anthropic's envelope has a top-level type, Gemini's a numeric code: not ours to keep
  if (envelope === null || envelope.type !== undefined) return null;
  const inner = asRecord(envelope.error);
  if (inner === null || typeof inner.message !== 'string' || typeof inner.code === 'number') return null;
  return inner;
}

/** The `error` object we answer with, in a response body or a stream's error event. */
export function openaiErrorObject(error: GatewayError): Json {
  const kind = openaiErrorKind(error.status, error.diagnosis?.category ?? null);
  const kept = upstreamError(error.upstreamBody);
  const base: Json = kept
    ? { ...kept, type: kept.type === undefined ? kind.type : kept.type, param: kept.param === undefined ? null : kept.param, code: kept.code === undefined ? kind.code : kept.code }
    : { message: error.message, type: kind.type, param: null, code: kind.code };
  const note = diagnosisNote(error);
  if (error.details !== undefined) {
    // An upstream's own details stay; ours then go with the diagnosis
    if (base.details === undefined || base.details === null) base.details = error.details;
    else note.details = error.details;
  }
  base.llmdoctor = note;
  return base;
}

export function openaiErrorResponse(error: GatewayError): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: error.status,
    // openai-node reads x-request-id into `error.requestID`
    headers: { 'content-type': 'application/json', 'x-request-id': error.requestId },
    body: `${JSON.stringify({ error: openaiErrorObject(error) }, null, 2)}\n`,
  };
}

/**
 * One frame both stream formats fail on: openai-node (and openai-python) raise an APIError for any
 * `data:` object with an `error` key, in chat and Responses streams alike; `type: "error"` with
 * top-level `code`/`message`/`param` is the Responses error event for clients that read that instead.
 */
export function openaiStreamError(error: GatewayError): string {
  const inner = openaiErrorObject(error);
  const event = { type: 'error', code: inner.code ?? null, message: inner.message, param: inner.param ?? null, error: inner };
  return `event: error\ndata: ${JSON.stringify(event)}\n\n`;
}
