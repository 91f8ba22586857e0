import type { Category } from '../../core/categories.js';

/**
 * The `type` and `code` OpenAI itself puts in an error of each status (shared/corpus/NOTES.md §1 and
 * the simulator's fixtures), refined by our category where OpenAI has a specific pair: the official
 * SDK picks its error class from the status alone, but callers branch on `code`.
 */
export interface OpenaiErrorKind {
  type: string;
  code: string | null;
}

const INVALID = 'invalid_request_error';

/** Pairs OpenAI sends for a category, whatever the status (oa-004, oa-016, oa-040, oa-045, oa-070). */
const BY_CATEGORY: Partial<Record<Category, (status: number) => OpenaiErrorKind | null>> = {
  billing: (status) => (status === 429 ? { type: 'insufficient_quota', code: 'insufficient_quota' } : null),
  quota_exceeded: (status) => (status === 429 ? { type: 'requests', code: 'rate_limit_exceeded' } : null),
  // A single request over the TPM limit is a 429 "Request too large" (oa-021); over the window a 400 (oa-045)
  context_length_exceeded: (status) => (status === 429 ? { type: 'tokens', code: 'rate_limit_exceeded' } : { type: INVALID, code: 'context_length_exceeded' }),
  content_blocked: () => ({ type: INVALID, code: 'content_policy_violation' }),
  region_blocked: () => ({ type: 'request_forbidden', code: 'unsupported_country_region_territory' }),
  model_not_found: () => ({ type: INVALID, code: 'model_not_found' }),
  key_missing: () => ({ type: INVALID, code: null }),
  key_invalid: () => ({ type: INVALID, code: 'invalid_api_key' }),
  key_malformed: () => ({ type: INVALID, code: 'invalid_api_key' }),
  key_wrong_provider: () => ({ type: INVALID, code: 'invalid_api_key' }),
  // Documented in OpenAI's error-codes guide (503 server_is_overloaded); seen as 503 server_error (oa-053)
  overloaded: (status) => (status === 503 ? { type: 'service_unavailable_error', code: 'server_is_overloaded' } : null),
};

/** What OpenAI answers for a status when no category says more. */
function byStatus(status: number): OpenaiErrorKind {
  if (status === 401) return { type: INVALID, code: 'invalid_api_key' };
  if (status === 429) return { type: 'requests', code: 'rate_limit_exceeded' };
  if (status === 503) return { type: 'service_unavailable_error', code: 'service_unavailable' };
  if (status >= 500) return { type: 'server_error', code: null };
  return { type: INVALID, code: null };
}

export function openaiErrorKind(status: number, category: Category | null): OpenaiErrorKind {
  const refined = category === null ? null : (BY_CATEGORY[category]?.(status) ?? null);
  return refined ?? byStatus(status);
}
