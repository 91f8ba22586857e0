import { readBoolean, readCount, readDuration } from './read-values.js';
import { fieldsOf, given, optional, section, type Setting } from './setting.js';
import type { GatewayPolicies } from './types.js';

const POLICY_FIELDS = ['attempts_per_target', 'max_attempts', 'backoff', 'timeouts', 'breaker', 'resume_streams'] as const;
const BACKOFF_FIELDS = ['base_delay_ms', 'max_delay_ms', 'max_retry_after_ms'] as const;
const TIMEOUT_FIELDS = ['connect_ms', 'first_token_ms', 'stream_idle_ms', 'response_ms', 'total_ms'] as const;
const BREAKER_FIELDS = ['failure_threshold', 'open_ms'] as const;

/**
 * `policies` (global or a route's): every field optional, each one absent keeps its value in `base`
 * (the defaults for the global block, the resolved global policies for a route).
 */
export function readPolicies(setting: Setting | undefined, base: GatewayPolicies): GatewayPolicies {
  const present = given(setting);
  if (present === undefined) return structuredClone(base);
  const f = fieldsOf(present, POLICY_FIELDS);
  const backoff = section(f.backoff, BACKOFF_FIELDS);
  const timeouts = section(f.timeouts, TIMEOUT_FIELDS);
  const breaker = section(f.breaker, BREAKER_FIELDS);
  return {
    attemptsPerTarget: optional(f.attempts_per_target, readCount, base.attemptsPerTarget),
    maxAttempts: optional(f.max_attempts, readCount, base.maxAttempts),
    backoff: {
      baseDelayMs: optional(backoff.base_delay_ms, readDuration, base.backoff.baseDelayMs),
      maxDelayMs: optional(backoff.max_delay_ms, readDuration, base.backoff.maxDelayMs),
      maxRetryAfterMs: optional(backoff.max_retry_after_ms, readDuration, base.backoff.maxRetryAfterMs),
    },
    timeouts: {
      connectMs: optional(timeouts.connect_ms, readDuration, base.timeouts.connectMs),
      firstTokenMs: optional(timeouts.first_token_ms, readDuration, base.timeouts.firstTokenMs),
      streamIdleMs: optional(timeouts.stream_idle_ms, readDuration, base.timeouts.streamIdleMs),
      responseMs: optional(timeouts.response_ms, readDuration, base.timeouts.responseMs),
      totalMs: optional(timeouts.total_ms, readDuration, base.timeouts.totalMs),
    },
    breaker: {
      failureThreshold: optional(breaker.failure_threshold, readCount, base.breaker.failureThreshold),
      openMs: optional(breaker.open_ms, readDuration, base.breaker.openMs),
    },
    resumeStreams: optional(f.resume_streams, readBoolean, base.resumeStreams),
  };
}
