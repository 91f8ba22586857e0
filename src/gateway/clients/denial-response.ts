import type { Category } from '../../core/categories.js';
import type { Diagnosis } from '../../core/diagnosis.js';
import type { WireFormat } from '../../providers/wire.js';
import type { Denial, DenialReason } from './types.js';

const CATEGORY_OF: Record<DenialReason, Category> = {
  missing_key: 'key_missing',
  invalid_key: 'key_invalid',
  revoked: 'key_invalid',
  expired: 'key_invalid',
  model_not_allowed: 'permission_denied',
  rpm: 'rate_limited',
  concurrency: 'rate_limited',
  budget: 'quota_exceeded',
};

const TITLE_OF: Record<DenialReason, string> = {
  missing_key: 'No client key',
  invalid_key: 'Unknown client key',
  revoked: 'Revoked client key',
  expired: 'Expired client key',
  model_not_allowed: 'Model not allowed for this client key',
  rpm: 'Client key over its requests per minute',
  concurrency: 'Client key over its concurrent requests',
  budget: 'Client key over its token budget',
};

/** Only these pass with time alone and soon: an SDK's own retry (which honours retry-after) can then succeed. */
const RETRY_SOON: ReadonlySet<DenialReason> = new Set(['rpm', 'concurrency']);

/**
 * A refusal of the client gate as an error in the caller's API format, so its SDK raises its usual class
 * (AuthenticationError, PermissionDeniedError, RateLimitError) with our message; `details` says which
 * limit, its value, what was used and when it resets.
 */
export function denialResponse(wire: WireFormat, denial: Denial, requestId: string, now = Date.now()): { status: number; headers: Record<string, string>; body: string } {
  const retryAfterMs = denial.resetsAt === null ? null : Math.max(0, denial.resetsAt - now);
  const category = CATEGORY_OF[denial.reason];
  const diagnosis: Diagnosis = {
    category,
    provider: 'unknown',
    retryable: RETRY_SOON.has(denial.reason),
    retryAfterMs,
    title: TITLE_OF[denial.reason],
    cause: denial.message,
    fixes: [denial.fix],
    evidence: ['decided by the gateway\'s client key limits'],
  };
  const reply = wire.errorResponse({ status: denial.status, message: denial.message, diagnosis, requestId, upstreamBody: null, details: denial.details });
  const headers: Record<string, string> = {
    ...reply.headers,
    'x-llmdoctor-request-id': requestId,
    'x-llmdoctor-category': category,
    'x-should-retry': RETRY_SOON.has(denial.reason) ? 'true' : 'false',
  };
  if (retryAfterMs !== null) headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return { status: reply.status, headers, body: reply.body };
}
