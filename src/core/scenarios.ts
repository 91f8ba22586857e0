import type { Category } from './categories.js';

/**
 * The simulator's scenarios. Each names the failure it plays and the category `classify()` must
 * give for what the official SDK raises (null: the call succeeds or ends in a way we name by transport).
 */
export const SCENARIOS = {
  ok: null,
  key_missing: 'key_missing',
  key_invalid: 'key_invalid',
  key_revoked: 'key_invalid',
  key_wrong_provider: 'key_wrong_provider',
  permission_denied: 'permission_denied',
  org_verification_required: 'permission_denied',
  api_disabled: 'permission_denied',
  model_not_found: 'model_not_found',
  billing: 'billing',
  quota_exceeded: 'quota_exceeded',
  rate_limited: 'rate_limited',
  overloaded: 'overloaded',
  region_blocked: 'region_blocked',
  wrong_endpoint: 'wrong_endpoint',
  bad_request: 'bad_request',
  context_length_exceeded: 'context_length_exceeded',
  content_blocked: 'content_blocked',
  server_error: 'server_error',
  timeout: 'timeout',
  slow_first_token: null,
  reset: 'network_reset',
  stream_cut: 'network_reset',
  // The SDKs wait forever on a silent stream: only the caller's own idle timer ends it
  stream_stall: null,
  malformed_chunk: null,
  no_done: null,
} as const satisfies Record<string, Category | null>;

export type ScenarioName = keyof typeof SCENARIOS;

/** Scenarios the provider answers with an HTTP error response (the rest are transport behaviours). */
export type FailureScenario = Exclude<ScenarioName, 'ok' | 'timeout' | 'slow_first_token' | 'reset' | 'stream_cut' | 'stream_stall' | 'malformed_chunk' | 'no_done'>;

export const TRANSPORT_SCENARIOS = ['timeout', 'slow_first_token', 'reset', 'stream_cut', 'stream_stall', 'malformed_chunk', 'no_done'] as const;

export function isScenarioName(value: string): value is ScenarioName {
  return Object.hasOwn(SCENARIOS, value);
}

/** `region_blocked` or `region_blocked:html`: a scenario and the provider variant to play. */
export function parseScenario(text: string): { name: ScenarioName; variant: string | null } | null {
  const [name = '', variant = null] = text.trim().split(':', 2);
  return isScenarioName(name) ? { name, variant } : null;
}
