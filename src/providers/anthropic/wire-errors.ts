import { diagnosisNote, errorEnvelope } from '../wire-error-envelope.js';
import type { GatewayError } from '../wire.js';

/**
 * Errors in the Messages API's envelope, `{"type":"error","error":{"type","message"},"request_id"}`
 * (https://docs.anthropic.com/en/api/errors), so @anthropic-ai/sdk raises the class of the status
 * (BadRequestError, RateLimitError, InternalServerError...) and its message shows the body.
 * Our diagnosis rides along as `error.llmdoctor`.
 */

/**
 * Anthropic's error types by HTTP status. The docs list 402 billing_error, 504 timeout_error and
 * 529 overloaded_error besides the usual ones; the API sends no 408 or 503 of its own: a timeout is
 * timeout_error, and a gateway's 503 (nothing can serve now, try later) is closest to overloaded_error.
 */
const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function anthropicErrorType(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function anthropicErrorResponse(error: GatewayError): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'request-id': error.requestId },
    body: JSON.stringify(anthropicErrorBody(error)),
  };
}

/** After HTTP 200 the API reports an error as an `error` event; the SDK raises it as an APIError. */
export function anthropicStreamError(error: GatewayError): string {
  return `event: error\ndata: ${JSON.stringify(anthropicErrorBody(error))}\n\n`;
}

export function anthropicErrorBody(error: GatewayError): Record<string, unknown> {
  const note = diagnosisNote(error);
  const upstream = errorEnvelope(error.upstreamBody);
  if (upstream) {
    const inner = { ...upstream.error };
    // The upstream's own details stay; ours then go with the diagnosis
    if (error.details !== undefined) {
      if (inner.details === undefined || inner.details === null) inner.details = error.details;
      else note.details = error.details;
    }
    return { ...upstream.body, error: { ...inner, llmdoctor: note } };
  }
  const inner: Record<string, unknown> = { type: anthropicErrorType(error.status), message: error.message };
  if (error.details !== undefined) inner.details = error.details;
  return { type: 'error', error: { ...inner, llmdoctor: note }, request_id: error.requestId };
}
