import type { ReadOnRequest, Usage } from '../../providers/wire.js';
import type { CircuitBreakers } from '../pool/circuit-breaker.js';
import type { AbortWatch, KeyLease } from '../pool/types.js';
import { learnHomes, rememberStoring, type AnswerHomes } from './answer-homes.js';
import type { GatewayCall } from './call.js';
import { failureOfAnswer, failureOfError, type Failure } from './failure.js';
import { noKeyFailure, openCircuitFailure } from './gateway-failures.js';
import type { RoutePlan, Target } from './route-plan.js';
import { sendAttempt, type AttemptAnswer, type AttemptTimeouts } from './send-attempt.js';
import type { Trail } from './trail.js';
import { treatFailure } from './treatment.js';
import { waitForKey } from './wait-for-key.js';

export interface EngineDeps {
  breakers: CircuitBreakers;
  /** How long a key rests after a quota refusal that names no reset. */
  quotaRestMs: number;
  queueWaitMs: number;
  /** Where the answers upstreams stored were made, for the requests that name them. */
  answerHomes: AnswerHomes;
  random?: () => number;
}

export interface LiveAttempt {
  target: Target;
  lease: KeyLease;
  startedAt: number;
  /** A later target of the route could take the request if this one fails. */
  hasFallback: boolean;
  /** The upstream stored the answer under this id, seen as it streams: remembered at once, in case the client leaves. */
  storing(answerId: string): void;
}


/**
 * A served answer: the tokens it generated, the id the upstream stored it under (when it did), and the usage a
 * stored answer that was read carries (counted only for one whose creation could not count it).
 */
export interface Delivered {
  ok: true;
  usage: Usage | null;
  answerId: string | null;
  readUsage: Usage | null;
}

export type Delivery = Delivered | { ok: false; failure: Failure };

export interface LoopSpec {
  /** The body of the next attempt on a target; undefined when this target cannot take the request. */
  bodyFor(target: Target): Buffer | string | null | undefined;
  /** A request that reads the answer on from where its stream was cut, with the key that can; null when none can. */
  readOnFor?(target: Target): { request: ReadOnRequest; keyIndex: number } | null;
  /** Takes a successful answer to the client; a failure before anything reached the client may be retried. */
  deliver(answer: AttemptAnswer, attempt: LiveAttempt): Promise<Delivery>;
  /** The limits of an attempt on a target with (or without) somewhere to fail over to. */
  timeouts(hasFallback: boolean): AttemptTimeouts;
}

export type LoopResult =
  | { served: true }
  /** `final`: the failure is the answer (bad request, safety refusal); `queue`: no key could be waited for. */
  | { served: false; failure: Failure | null; final: boolean; queue: 'full' | 'expired' | null };

/**
 * Tries the plan's targets in order until one serves the request: each attempt is classified and
 * treated (another key, a backoff and the same target, the region proxy, the next target, or the
 * answer as it is), within the request's attempt and time budgets.
 */
export async function runAttempts(call: GatewayCall, plan: RoutePlan, trail: Trail, deps: EngineDeps, spec: LoopSpec): Promise<LoopResult> {
  const { policies } = plan;
  const deadline = call.receivedAt + policies.timeouts.totalMs;
  const tokens = call.wire.estimateTokens(call.body);
  let last: Failure | null = null;
  for (let index = 0; index < plan.targets.length; index++) {
    const target = plan.targets[index]!;
    const hasFallback = index < plan.targets.length - 1;
    const breaker = deps.breakers.get(target.id, policies.breaker);
    // With every circuit open, refusing the last target too is a certain failure: it is tried all the same
    const lastResort = !hasFallback && trail.attempts.length === 0;
    if (!breaker.allow() && !lastResort) {
      last ??= openCircuitFailure(target, breaker.openUntil());
      continue;
    }
    // Keys that failed this request on this target: made at the first failure only
    let avoid: Set<number> | null = null;
    // Keys not to ask again: each told us what the request names is not in its account
    let searched: Set<number> | null = null;
    let onTarget = 0;
    let viaRegionProxy = false;
    for (;;) {
      if (trail.attempts.length >= policies.maxAttempts || Date.now() >= deadline) return { served: false, failure: last, final: false, queue: null };
      // Asked before each attempt: a stream that has started needs a continuation (or a read on) from here on
      const readOn = spec.readOnFor?.(target) ?? null;
      const body = readOn === null ? spec.bodyFor(target) : null;
      if (body === undefined) break;
      const pinnedKey = readOn?.keyIndex ?? target.pinnedKey;
      const pending = waitForKey({
        upstream: target.upstream,
        estimatedTokens: tokens,
        avoid: avoid ?? NO_KEYS,
        eligible: eligibleKeys(pinnedKey, searched),
        hasFallback,
        deadline: Math.min(deadline, Date.now() + deps.queueWaitMs),
        signal: call.signal,
      });
      const wait = pending instanceof Promise ? await pending : pending;
      if (wait.lease === null) {
        last = noKeyFailure(target, wait.noKey, last);
        if (wait.queue !== null && !hasFallback) return { served: false, failure: last, final: false, queue: wait.queue };
        break;
      }
      const lease = wait.lease;
      onTarget++;
      const startedAt = Date.now();
      let failure: Failure;
      try {
        const answer = await sendAttempt({
          call,
          target,
          secret: lease.secret,
          body,
          viaRegionProxy,
          readOn: readOn?.request,
          timeouts: spec.timeouts(hasFallback),
        });
        if (answer.statusCode < 300) {
          const home = { upstream: target.upstream.name, keyIndex: lease.keyIndex };
          const storing = (answerId: string) => rememberStoring(deps.answerHomes, call, answerId, home);
          const delivery = await spec.deliver(answer, { target, lease, startedAt, hasFallback, storing });
          if (delivery.ok) {
            const readUsage = call.match.answerId === undefined ? null : deps.answerHomes.usageOfRead(call.match.answerId, delivery.readUsage);
            if (readUsage !== null) trail.answerId = call.match.answerId!;
            const usage = delivery.usage ?? readUsage;
            target.upstream.pool.release(lease, { kind: 'success', headers: answer.headers, usedTokens: usedTokens(usage) });
            breaker.success();
            trail.succeeded(target, lease.fingerprint, answer.statusCode, startedAt);
            trail.addUsage(usage);
            learnHomes(deps.answerHomes, call, trail, delivery, home);
            return { served: true };
          }
          failure = delivery.failure;
        } else {
          failure = await failureOfAnswer(answer.statusCode, answer.headers, answer.body, target, lease.secret, lease.fingerprint);
        }
      } catch (error) {
        if (call.signal.aborted) {
          target.upstream.pool.release(lease, { kind: 'neutral' });
          throw error;
        }
        failure = failureOfError(error, target, lease.secret, lease.fingerprint);
      }
      trail.failed(target, lease.fingerprint, failure.status, failure.diagnosis.category, startedAt);
      const treatment = treatFailure(failure.diagnosis, {
        attemptsOnTarget: onTarget,
        policies,
        regionProxyLeft: target.upstream.regionDispatcher !== null && !viaRegionProxy,
        keyPinned: pinnedKey !== undefined,
        quotaRestMs: deps.quotaRestMs,
        now: Date.now(),
        random: deps.random,
      });
      target.upstream.pool.release(lease, treatment.key);
      if (treatment.targetFault) breaker.failure();
      else breaker.success();
      last = failure;
      const next = treatment.next;
      // A refused or resting key says nothing about the target: the next key's attempt is not a retry of it
      if (next.step === 'other-key' || next.step === 'search-keys') onTarget--;
      if (next.step === 'search-keys') (searched ??= new Set()).add(lease.keyIndex);
      if (next.step === 'return') return { served: false, failure, final: true, queue: null };
      if (next.step === 'next-target') break;
      (avoid ??= new Set()).add(lease.keyIndex);
      if (next.step === 'region-proxy') viaRegionProxy = true;
      if (next.step === 'retry') {
        if (Date.now() + next.delayMs >= deadline) return { served: false, failure, final: false, queue: null };
        await sleep(next.delayMs, call.signal);
      }
    }
  }
  return { served: false, failure: last, final: false, queue: null };
}

const NO_KEYS: ReadonlySet<number> = new Set();

function eligibleKeys(pinned: number | undefined, searched: ReadonlySet<number> | null): ((index: number) => boolean) | undefined {
  if (pinned !== undefined) return (index) => index === pinned;
  return searched === null ? undefined : (index) => !searched.has(index);
}

function usedTokens(usage: Usage | null): number | null {
  return usage === null ? null : usage.inputTokens + usage.outputTokens;
}

function sleep(ms: number, signal: AbortWatch): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
