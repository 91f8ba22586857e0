import type { ServerResponse } from 'node:http';
import type { Category } from '../../core/categories.js';
import { redactSecrets } from '../../core/redact.js';
import type { WireFormat } from '../../providers/wire.js';
import type { Failure } from '../engine/failure.js';

/** The status of a failure the upstream did not answer with (network, timeouts, our own decisions). */
const STATUS_OF: Partial<Record<Category, number>> = {
  rate_limited: 429,
  quota_exceeded: 429,
  overloaded: 503,
  server_error: 503,
  timeout: 504,
  model_not_found: 404,
  bad_request: 400,
  content_blocked: 400,
  context_length_exceeded: 400,
  region_blocked: 403,
  permission_denied: 403,
};

export function statusOf(failure: Failure): number {
  return failure.status ?? STATUS_OF[failure.diagnosis.category] ?? (failure.diagnosis.category.startsWith('network_') ? 502 : 503);
}

/** An error answer in the caller's format, with our diagnosis, our headers and the retry advice SDKs read. */
export function replyFailure(res: ServerResponse, wire: WireFormat, requestId: string, failure: Failure, headers: Record<string, string>, message?: string): number {
  const status = statusOf(failure);
  const { diagnosis } = failure;
  const reply = wire.errorResponse({
    status,
    message: message ?? `${diagnosis.title}. ${diagnosis.cause}`,
    diagnosis,
    requestId,
    // A relay that echoes the key it was sent must not hand our upstream key to the client
    upstreamBody: failure.body === null ? null : redactSecrets(failure.body),
  });
  const out: Record<string, string> = { ...reply.headers, ...headers, 'x-llmdoctor-category': diagnosis.category };
  // The SDKs retry on their own unless told; we already did what retrying can do
  out['x-should-retry'] = diagnosis.retryable && diagnosis.retryAfterMs !== null ? 'true' : 'false';
  if (diagnosis.retryAfterMs !== null) out['retry-after'] = String(Math.max(1, Math.ceil(diagnosis.retryAfterMs / 1000)));
  send(res, reply.status, out, reply.body);
  return reply.status;
}

export function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}
