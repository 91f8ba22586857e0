import type { Category } from '../../../src/core/categories.js';
import { SCENARIOS, type ScenarioName } from '../../../src/core/scenarios.js';
import type { SimulatedProviderId } from '../../../src/providers/simulator.js';
import type { Mode } from './call-outcome.js';

/**
 * What the gateway must make of each fault the mock plays, on a route of two targets where the first
 * target's only key plays the fault and the second is healthy (issue 5, "How it treats failures").
 */
export type Treatment =
  /** Served by the second target after `faultyAttempts` attempts on the first. */
  | { kind: 'failover'; faultyAttempts: number }
  /** The stream started on the first target, broke, and the second target finished it from the partial text. */
  | { kind: 'resumed'; faultyAttempts: number }
  /** The first target's answer is whole (repaired where the gateway can): served at once, never failed over. */
  | { kind: 'served-first' }
  /** The provider's refusal is the answer: returned at once with its status and reason, never routed around. */
  | { kind: 'returned'; status: number };

type Rule = (provider: SimulatedProviderId, mode: Mode, attemptsPerTarget: number) => Treatment;

const once: Rule = () => ({ kind: 'failover', faultyAttempts: 1 });
const retried: Rule = (_p, _m, attemptsPerTarget) => ({ kind: 'failover', faultyAttempts: attemptsPerTarget });
/** A cut answer: a whole one is read before anything is sent, a started stream is resumed elsewhere. */
const broken: Rule = (_p, mode, attemptsPerTarget) => ({ kind: mode === 'plain' ? 'failover' : 'resumed', faultyAttempts: attemptsPerTarget });

export const FAULT_TABLE: Record<Exclude<ScenarioName, 'ok'>, Rule> = {
  // A refused key leaves the rotation after one try; the upstream has no other key, so the next target serves
  key_missing: once,
  key_invalid: once,
  key_revoked: once,
  key_wrong_provider: once,
  permission_denied: once,
  org_verification_required: once,
  api_disabled: once,
  billing: once,
  // The key rests until the provider's reset; with a fallback there is no waiting for it
  rate_limited: once,
  quota_exceeded: once,
  // This target cannot serve this request; another may
  model_not_found: once,
  context_length_exceeded: once,
  wrong_endpoint: once,
  region_blocked: once,
  // Passes by itself: retried on the same target up to attemptsPerTarget, then failed over
  overloaded: retried,
  server_error: retried,
  timeout: retried,
  reset: retried,
  slow_first_token: retried,
  // Never retried, never routed around
  bad_request: () => ({ kind: 'returned', status: 400 }),
  // Gemini blocks with a 200 answer whose promptFeedback names the reason: that answer is the answer
  content_blocked: (provider) => (provider === 'gemini' ? { kind: 'served-first' } : { kind: 'returned', status: 400 }),
  stream_cut: broken,
  stream_stall: broken,
  // Half a JSON body (plain) or a garbled event mid-answer (stream): never shown, and never a hole in the answer
  malformed_chunk: broken,
  // Without the end marker the answer is still whole, and the gateway adds the marker; Gemini's SSE stream
  // has no marker of its own, so what the mock drops is the last chunk (its text and finishReason): a cut
  no_done: (provider, mode, attemptsPerTarget) => (provider === 'gemini' && mode === 'stream' ? { kind: 'resumed', faultyAttempts: attemptsPerTarget } : { kind: 'served-first' }),
};

export const FAULT_SCENARIOS = Object.keys(FAULT_TABLE) as Array<keyof typeof FAULT_TABLE>;

/** Scenarios whose cost is a time limit: their routes get short limits so the suite stays fast. */
export const TIMED_SCENARIOS: ReadonlySet<ScenarioName> = new Set(['timeout', 'slow_first_token', 'stream_stall']);

/**
 * The category the gateway's classify() gives each failed attempt. Google answers a key of another
 * provider like any invalid key; only the key sent tells them apart, and the gateway's keys are Gemini keys.
 */
export function expectedCategory(provider: SimulatedProviderId, scenario: ScenarioName): Category | null {
  if (provider === 'gemini' && scenario === 'key_wrong_provider') return 'key_invalid';
  return SCENARIOS[scenario];
}
