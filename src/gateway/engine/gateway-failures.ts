import { RETRY_POLICY, type Category } from '../../core/categories.js';
import type { Diagnosis } from '../../core/diagnosis.js';
import type { NoKey } from '../pool/types.js';
import type { Failure } from './failure.js';
import type { Target } from './route-plan.js';

/**
 * Failures the gateway itself decides (no key left, every target's circuit open, a full queue): they
 * get a diagnosis like any upstream failure, so the client sees one shape of error.
 */
function ours(category: Category, title: string, cause: string, fixes: string[], retryAfterMs: number | null): Diagnosis {
  return { category, provider: 'unknown', retryable: RETRY_POLICY[category] !== 'never', retryAfterMs, title, cause, fixes, evidence: ['decided by the gateway'] };
}

function failure(diagnosis: Diagnosis, target: Target | null): Failure {
  return { diagnosis, status: null, headers: {}, body: null, target, keyFingerprint: null };
}

/** No key of the target's upstream can take the request. The upstream's own refusal, when this request met one, says more. */
export function noKeyFailure(target: Target, noKey: NoKey, last: Failure | null): Failure {
  const waitMs = noKey.retryAt === null ? null : Math.max(0, noKey.retryAt - Date.now());
  if (last !== null && last.target?.upstream === target.upstream && last.status !== null) {
    // The keys rest longer than a provider's zero-second hint may say: the client is told the real wait
    const retryAfterMs = waitMs === null ? last.diagnosis.retryAfterMs : Math.max(last.diagnosis.retryAfterMs ?? 0, waitMs);
    return { ...last, diagnosis: { ...last.diagnosis, retryAfterMs } };
  }
  const upstream = target.upstream.name;
  if (noKey.reason === 'disabled') {
    const first = noKey.diagnoses[0];
    return failure(
      ours(
        first?.category ?? 'key_invalid',
        `Every key of upstream ${upstream} is out of rotation`,
        `The provider refused each of ${upstream}'s keys${first ? `: ${first.title}` : ''}. The gateway re-probes them in the background.`,
        [...(first?.fixes ?? []), `Add a working key to upstream ${upstream}, or another target to this route.`],
        null,
      ),
      target,
    );
  }
  if (noKey.reason === 'cooling') {
    return failure(
      ours('rate_limited', `Every key of upstream ${upstream} is resting after a rate limit`, `The provider asked each key to wait; the first is free again in ${waitMs ?? '?'} ms.`, ['Retry after the time in Retry-After.', `Add keys to upstream ${upstream}, or a fallback target to the route.`], waitMs),
      target,
    );
  }
  return failure(
    ours('rate_limited', `Every key of upstream ${upstream} is at its budget`, 'Each key has as many requests in flight, or as many requests or tokens this minute, as it may.', ['Retry after the time in Retry-After.', 'Raise the keys\' budgets (limits.keys.max_in_flight, rpm, tpm) or add keys.'], waitMs),
    target,
  );
}

export function openCircuitFailure(target: Target, openUntil: number | null): Failure {
  const waitMs = openUntil === null ? null : Math.max(0, openUntil - Date.now());
  return failure(
    ours('server_error', `Target ${target.id} is failing: its circuit is open`, 'Its recent attempts failed one after another, so the gateway sends it no traffic until a trial request succeeds.', ['Add a fallback target to the route.', `Check upstream ${target.upstream.name} with \`llmdoctor check\`.`], waitMs),
    target,
  );
}

export function queueFailure(reason: 'full' | 'expired', retryAfterMs: number): Failure {
  const title = reason === 'full' ? 'The gateway\'s queue is full' : 'No key had room before the wait ended';
  const cause = reason === 'full' ? 'Every key is busy and the queue of waiting requests is at its limit.' : 'The request waited in the queue for a key with room until its deadline passed.';
  return failure(ours('rate_limited', title, cause, ['Retry after the time in Retry-After.', 'Add keys, raise their budgets, or raise limits.queue.'], retryAfterMs), null);
}

export function noTargetFailure(family: string, model: string | null, routed: boolean): Failure {
  const cause = routed
    ? `Route ${model} has targets only in other formats; the gateway does not translate between formats.`
    : `The gateway has no route for ${model ?? 'it'} and no upstream that speaks the ${family} API.`;
  const fix = routed
    ? `Add a target of a ${family} upstream to route ${model}, or call it in its targets' format.`
    : `Add an upstream with a ${family} provider, or a route named ${model ?? 'after the model'}.`;
  return failure(ours('model_not_found', `No upstream serves ${model ?? 'this request'} in the ${family} format`, cause, [fix], null), null);
}

export function malformedAnswerFailure(target: Target, keyFingerprint: string): Failure {
  return {
    ...failure(ours('server_error', `Upstream ${target.upstream.name} sent a malformed answer`, 'Its answer, or an event of its stream, was not valid JSON (cut or garbled on the way).', ['Nothing to change: the gateway retries such answers.'], null), target),
    keyFingerprint,
  };
}

/** The request's time or attempt budget ran out before any attempt was made. */
export function noAttemptFailure(): Failure {
  return failure(ours('timeout', 'No attempt could be made in time', 'The request\'s time or attempt budget ran out before an upstream could be asked.', ['Retry; if it keeps happening, raise timeouts.total_ms or max_attempts for this route.'], null), null);
}

/** A stored answer that another client key made: to this one it does not exist, and it is not told otherwise. */
export function answerNotFoundFailure(answerId: string): Failure {
  const diagnosis = ours('bad_request', `${answerId} not found`, 'Nothing with this id was made with this client key: each client key reaches only the stored answers it made.', ['Use the id of an answer made with this client key.'], null);
  return { ...failure(diagnosis, null), status: 404 };
}
