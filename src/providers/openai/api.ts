import type { ResetHeaderSpec } from '../../core/retry-after.js';

export const OPENAI_HOSTS = ['api.openai.com'] as const;

/** openai-node and the API: `x-ratelimit-reset-*` are durations such as `6m0s` or `120ms`. */
export const OPENAI_RESET_HEADERS: readonly ResetHeaderSpec[] = [
  { header: 'x-ratelimit-reset-requests', format: 'duration', remainingHeader: 'x-ratelimit-remaining-requests' },
  { header: 'x-ratelimit-reset-tokens', format: 'duration', remainingHeader: 'x-ratelimit-remaining-tokens' },
];
