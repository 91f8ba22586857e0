import type { ResetHeaderSpec } from '../../core/retry-after.js';

export const OPENAI_HOSTS = ['api.openai.com'] as const;

/** openai-node and the API: `x-ratelimit-reset-*` are durations such as `6m0s` or `120ms`. */
export const OPENAI_RESET_HEADERS: readonly ResetHeaderSpec[] = [
  { header: 'x-ratelimit-reset-requests', format: 'duration', remainingHeader: 'x-ratelimit-remaining-requests' },
  { header: 'x-ratelimit-reset-tokens', format: 'duration', remainingHeader: 'x-ratelimit-remaining-tokens' },
];

/**
 * The limits themselves (`x-ratelimit-limit-requests` is requests per minute, `-tokens` tokens per minute):
 * the gateway takes them as a key's budget when none is configured.
 */
export const OPENAI_LIMIT_HEADERS = { requests: 'x-ratelimit-limit-requests', tokens: 'x-ratelimit-limit-tokens' } as const;
