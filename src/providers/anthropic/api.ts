import type { ResetHeaderSpec } from '../../core/retry-after.js';

export const ANTHROPIC_HOSTS = ['api.anthropic.com'] as const;

/** Reset headers are RFC 3339 timestamps. */
export const ANTHROPIC_RESET_HEADERS: readonly ResetHeaderSpec[] = [
  { header: 'anthropic-ratelimit-requests-reset', format: 'timestamp', remainingHeader: 'anthropic-ratelimit-requests-remaining' },
  { header: 'anthropic-ratelimit-tokens-reset', format: 'timestamp', remainingHeader: 'anthropic-ratelimit-tokens-remaining' },
  { header: 'anthropic-ratelimit-input-tokens-reset', format: 'timestamp', remainingHeader: 'anthropic-ratelimit-input-tokens-remaining' },
  { header: 'anthropic-ratelimit-output-tokens-reset', format: 'timestamp', remainingHeader: 'anthropic-ratelimit-output-tokens-remaining' },
];

/**
 * The limits themselves, per minute; `tokens-limit` is the most restrictive token limit in effect. The gateway takes
 * them as a key's budget when none is configured.
 */
export const ANTHROPIC_LIMIT_HEADERS = { requests: 'anthropic-ratelimit-requests-limit', tokens: 'anthropic-ratelimit-tokens-limit' } as const;
