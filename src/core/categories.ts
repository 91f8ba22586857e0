/** The error taxonomy: every failure maps to exactly one category (see shared/corpus/README.md). */
export const CATEGORIES = [
  'key_missing',
  'key_malformed',
  'key_wrong_provider',
  'key_invalid',
  'permission_denied',
  'model_not_found',
  'billing',
  'quota_exceeded',
  'rate_limited',
  'overloaded',
  'region_blocked',
  'wrong_endpoint',
  'bad_request',
  'context_length_exceeded',
  'content_blocked',
  'server_error',
  'timeout',
  'network_dns',
  'network_connect',
  'network_reset',
  'network_tls',
  'network_proxy',
  'unknown',
] as const;

export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

/**
 * Whether sending the same request again can succeed.
 * - `now`: retry with backoff; `later`: only after a reset (retrying now wastes calls);
 * - `never`: something must change first.
 */
export type RetryPolicy = 'now' | 'later' | 'never';

export const RETRY_POLICY: Record<Category, RetryPolicy> = {
  key_missing: 'never',
  key_malformed: 'never',
  key_wrong_provider: 'never',
  key_invalid: 'never',
  permission_denied: 'never',
  model_not_found: 'never',
  billing: 'never',
  quota_exceeded: 'later',
  rate_limited: 'now',
  overloaded: 'now',
  region_blocked: 'never',
  wrong_endpoint: 'never',
  bad_request: 'never',
  context_length_exceeded: 'never',
  content_blocked: 'never',
  server_error: 'now',
  timeout: 'now',
  network_dns: 'never',
  network_connect: 'now',
  network_reset: 'now',
  network_tls: 'never',
  network_proxy: 'never',
  unknown: 'never',
};
