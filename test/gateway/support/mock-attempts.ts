import { fingerprint } from '../../../src/core/redact.js';
import type { Attempt } from '../../../src/mock/attempts.js';
import type { RunningMock } from '../../../src/mock/start-mock.js';

/** The attempts the mock saw with `key` (it logs fingerprints, never keys). */
export function attemptsWith(mock: RunningMock, key: string): Attempt[] {
  const print = fingerprint(key);
  return mock.attempts().filter((attempt) => attempt.keyFingerprint === print);
}

/**
 * The attempts with `key` once there are at least `expected` of them (or the wait is over). The mock
 * logs an attempt when it has finished with it, which for a slow or held answer is after the gateway
 * gave up on it; a count above `expected` shows at once.
 */
export async function settledAttemptsWith(mock: RunningMock, key: string, expected: number, timeoutMs = 3_000): Promise<Attempt[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = attemptsWith(mock, key);
    if (seen.length >= expected || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What each attempt came to: a status, or `reset`, `timeout`, `stream_cut`, `client_closed`... */
export function outcomes(attempts: Attempt[]): Array<number | string> {
  return attempts.map((attempt) => attempt.outcome);
}
