import type { Category } from '../../core/categories.js';
import type { Diagnosis } from '../../core/diagnosis.js';
import { backoffDelay } from '../backoff.js';
import type { GatewayPolicies } from '../config/types.js';
import type { AttemptOutcome } from '../pool/types.js';

/** What to do after a failed attempt. */
export type NextStep =
  /** The same target again after `delayMs` (another key, when one has room). */
  | { step: 'retry'; delayMs: number }
  /** The same target at once with another key: this key is resting or out of rotation. */
  | { step: 'other-key' }
  /** The same target at once with a key not asked yet: what the request names may be in another key's account. */
  | { step: 'search-keys' }
  /** The same target through the upstream's region proxy. */
  | { step: 'region-proxy' }
  | { step: 'next-target' }
  /** The answer is final: returned to the client as it is. */
  | { step: 'return' };

export interface Treatment {
  next: NextStep;
  /** What the key pool learns. */
  key: AttemptOutcome;
  /** Whether the failure counts against the target's circuit breaker. */
  targetFault: boolean;
}

export interface TreatmentContext {
  attemptsOnTarget: number;
  policies: GatewayPolicies;
  /** The request is held to one key (the one whose account holds what it names). */
  keyPinned: boolean;
  /** The upstream has a region proxy that this request has not used yet. */
  regionProxyLeft: boolean;
  /** How long a key rests after a quota refusal without a reset time. */
  quotaRestMs: number;
  now: number;
  random?: () => number;
}

const KEY_REFUSED = new Set<Category>(['key_missing', 'key_malformed', 'key_wrong_provider', 'key_invalid', 'billing', 'permission_denied']);
const PASSES_BY_ITSELF = new Set<Category>(['overloaded', 'server_error', 'timeout', 'network_connect', 'network_reset']);
/** The target cannot serve this request; another one may. */
const TARGET_CANNOT = new Set<Category>(['model_not_found', 'context_length_exceeded', 'wrong_endpoint', 'network_dns', 'network_tls', 'network_proxy']);

/**
 * How each category is treated. Refused keys leave the rotation and the request moves to another key;
 * rate limits and quotas rest the key until the provider's reset; failures that pass by themselves are
 * retried on the same target with backoff, then failed over; a target that cannot serve the request
 * (unknown model, context too long, a broken route to it) is skipped; a stored object this key's account
 * does not hold is looked for with the other keys; bad requests and safety refusals are the answer.
 */
export function treatFailure(diagnosis: Diagnosis, context: TreatmentContext): Treatment {
  const { category } = diagnosis;
  const { policies, now } = context;
  if (KEY_REFUSED.has(category)) return { next: { step: 'other-key' }, key: { kind: 'disable', diagnosis }, targetFault: false };
  if (category === 'rate_limited' || category === 'quota_exceeded') {
    const restMs =
      diagnosis.retryAfterMs ??
      (category === 'quota_exceeded'
        ? context.quotaRestMs
        : Math.max(policies.backoff.baseDelayMs, backoffDelay(context.attemptsOnTarget, policies.backoff.baseDelayMs, policies.backoff.maxDelayMs, context.random)));
    return { next: { step: 'other-key' }, key: { kind: 'cooldown', until: now + restMs, diagnosis }, targetFault: false };
  }
  // Not a fault of the key or the target: the other keys are asked in turn, and the last "not found" is the answer
  if (diagnosis.mayBeInAnotherAccount && !context.keyPinned) return { next: { step: 'search-keys' }, key: { kind: 'neutral' }, targetFault: false };
  if (category === 'region_blocked') {
    return { next: { step: context.regionProxyLeft ? 'region-proxy' : 'next-target' }, key: { kind: 'neutral' }, targetFault: false };
  }
  if (TARGET_CANNOT.has(category)) return { next: { step: 'next-target' }, key: { kind: 'neutral' }, targetFault: category.startsWith('network_') };
  if (PASSES_BY_ITSELF.has(category)) return { next: retryStep(diagnosis, context), key: { kind: 'neutral' }, targetFault: true };
  return { next: { step: 'return' }, key: { kind: 'neutral' }, targetFault: false };
}

function retryStep(diagnosis: Diagnosis, context: TreatmentContext): NextStep {
  const { policies } = context;
  if (context.attemptsOnTarget >= policies.attemptsPerTarget) return { step: 'next-target' };
  const wait = diagnosis.retryAfterMs;
  if (wait !== null && wait > policies.backoff.maxRetryAfterMs) return { step: 'next-target' };
  const delayMs = wait ?? backoffDelay(context.attemptsOnTarget, policies.backoff.baseDelayMs, policies.backoff.maxDelayMs, context.random);
  return { step: 'retry', delayMs };
}
