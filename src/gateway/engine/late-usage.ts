import type { LateAnswerOutcome, ReadOnRequest, Usage } from '../../providers/wire.js';
import { nodeTimers } from '../pool/timers.js';
import type { KeyLease } from '../pool/types.js';
import type { GatewayStore } from '../store/types.js';
import type { AnswerHomes } from './answer-homes.js';
import { upstreamGet, type Upstream } from './upstream.js';
import { upstreamPath } from './upstream-path.js';

export interface LateUsageTiming {
  /** After the answer was made, the first look at it. */
  firstCheckMs: number;
  /** Looks are twice as far apart each time, up to this. */
  maxCheckIntervalMs: number;
  /** An answer still unfinished this long after it was made is given up on (and said so). */
  giveUpAfterMs: number;
  /** One look's time limit. */
  checkTimeoutMs: number;
  /** Answers followed at once; past this, a new one is given up on at once (and said so). */
  maxFollowed: number;
}

/** An answer whose tokens are not counted yet, and where it was made. */
export interface LateAnswer {
  answerId: string;
  upstream: string;
  keyIndex: number;
  clientKeyId: string | null;
  madeAt: number;
}

/** A late answer's tokens, counted once: for its usage row, its client key's budget and the metrics. */
export interface LateCount {
  answerId: string;
  upstream: string;
  keyFingerprint: string;
  clientKeyId: string | null;
  model: string | null;
  usage: Usage;
  /** The read that found it finished (`responses.get`). */
  operation: string;
  latencyMs: number;
}

export interface LateUsageDeps {
  upstreams: ReadonlyMap<string, Upstream>;
  /** Whose `usageOfRead` counts an answer once, whether a client's read or a look of ours finds it finished first. */
  homes: AnswerHomes;
  timing: LateUsageTiming;
  counted(count: LateCount): void;
  gaveUp(answerId: string, reason: string): void;
}

/** Failed looks in a row (the key refused, the upstream down) after which an answer is given up on. */
const MAX_FAILED_LOOKS = 5;

/** Why a look found nothing; `final` when looking again cannot help. */
interface FailedLook {
  failed: string;
  final: boolean;
}

interface Followed extends LateAnswer {
  upstreamRef: Upstream;
  statusRead: ReadOnRequest;
  intervalMs: number;
  failedLooks: number;
  timer: unknown;
}

/**
 * Follows answers the upstream generates after it answered the request that made them (an OpenAI background
 * response: answered `queued`, with no usage), until they finish, so that their tokens are counted, against the
 * client key's budget too, even when no client reads them through the gateway. Without it a client could spend
 * tokens past its budget by never reading its answers. A client's read that finds one finished counts it first
 * (`AnswerHomes.usageOfRead`); whichever comes first counts, once. Looks use the key that made the answer (only
 * its project holds it), through its pool, and back off as the answer takes longer.
 */
export class LateUsage {
  private readonly followed = new Map<string, Followed>();
  private closed = false;
  private readonly now = Date.now;
  private readonly timers = nodeTimers({ unref: true });

  constructor(private readonly deps: LateUsageDeps) {}

  /** Starts following an answer; nothing happens when its format generates nothing late or it is followed already. */
  follow(answer: LateAnswer): void {
    if (this.closed || this.followed.has(answer.answerId)) return;
    const upstream = this.deps.upstreams.get(answer.upstream);
    const statusRead = upstream?.wire.lateAnswers?.statusRead(answer.answerId) ?? null;
    if (upstream === undefined || statusRead === null) return;
    const { timing } = this.deps;
    if (this.followed.size >= timing.maxFollowed) {
      this.deps.gaveUp(answer.answerId, `${timing.maxFollowed} answers are followed already`);
      return;
    }
    const entry: Followed = { ...answer, upstreamRef: upstream, statusRead, intervalMs: timing.firstCheckMs, failedLooks: 0, timer: null };
    this.followed.set(answer.answerId, entry);
    this.lookLater(entry, Math.max(0, answer.madeAt + timing.firstCheckMs - this.now()));
  }

  /** After a start: the answers the store holds as made through the gateway and not counted, made within the give-up time. */
  followStored(store: Pick<GatewayStore, 'uncountedAnswers'>): void {
    const { giveUpAfterMs, maxFollowed } = this.deps.timing;
    for (const answer of store.uncountedAnswers(this.now() - giveUpAfterMs, maxFollowed)) {
      const keyIndex = this.deps.upstreams.get(answer.upstream)?.pool.keyIndexOf(answer.keyFingerprint) ?? -1;
      if (keyIndex >= 0) this.follow({ answerId: answer.answerId, upstream: answer.upstream, keyIndex, clientKeyId: answer.clientKeyId, madeAt: answer.madeAt });
    }
  }

  close(): void {
    this.closed = true;
    for (const entry of this.followed.values()) if (entry.timer !== null) this.timers.clearTimeout(entry.timer);
    this.followed.clear();
  }

  private lookLater(entry: Followed, delayMs: number): void {
    entry.timer = this.timers.setTimeout(() => void this.look(entry), delayMs);
  }

  private async look(entry: Followed): Promise<void> {
    entry.timer = null;
    // A client's read counted it already, or its home is forgotten: nothing is left to count
    if (this.deps.homes.homeOf(entry.answerId)?.usageUncounted !== true) return this.stop(entry);
    if (this.now() - entry.madeAt >= this.deps.timing.giveUpAfterMs) return this.giveUp(entry, `still not finished after ${this.deps.timing.giveUpAfterMs} ms`);
    const pool = entry.upstreamRef.pool;
    const lease = pool.acquire(0, undefined, (index) => index === entry.keyIndex);
    if (!('secret' in lease)) {
      // A busy or resting key is the clients' first: the look waits; a disabled key may never come back
      if (lease.reason === 'disabled') return this.failedLook(entry, 'its key is out of rotation');
      return this.lookLater(entry, entry.intervalMs);
    }
    const startedAt = this.now();
    let outcome: LateAnswerOutcome | FailedLook;
    try {
      outcome = await this.read(entry, lease);
    } catch (error) {
      pool.release(lease, { kind: 'neutral' });
      if (this.closed) return;
      return this.failedLook(entry, `the read failed: ${(error as { code?: string }).code ?? (error as Error).message}`);
    }
    if (this.closed) return;
    if ('failed' in outcome) return outcome.final ? this.giveUp(entry, outcome.failed) : this.failedLook(entry, outcome.failed);
    if (!outcome.finished) {
      entry.failedLooks = 0;
      return this.lookAgain(entry);
    }
    this.stop(entry);
    const counted = outcome.usage === null ? null : this.deps.homes.usageOfRead(entry.answerId, outcome.usage);
    if (counted === null) return;
    this.deps.counted({
      answerId: entry.answerId,
      upstream: entry.upstream,
      keyFingerprint: lease.fingerprint,
      clientKeyId: entry.clientKeyId,
      model: outcome.model,
      usage: counted,
      operation: entry.statusRead.match.operation,
      latencyMs: this.now() - startedAt,
    });
  }

  /** The answer's state, or why it could not be read (the lease is given back either way). */
  private async read(entry: Followed, lease: KeyLease): Promise<LateAnswerOutcome | FailedLook> {
    const upstream = entry.upstreamRef;
    const request = entry.statusRead;
    const path = upstreamPath(upstream, upstream.dialect.url(upstream.baseUrl, request.match, null, request.query));
    const answer = await upstreamGet(upstream, path, lease.secret, this.deps.timing.checkTimeoutMs);
    if (answer.statusCode >= 300) {
      upstream.pool.release(lease, { kind: 'neutral' });
      return answer.statusCode === 404 ? { failed: 'the upstream no longer has it (404)', final: true } : { failed: `the upstream answered ${answer.statusCode}`, final: false };
    }
    upstream.pool.release(lease, { kind: 'success', headers: answer.headers, usedTokens: null });
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return { failed: 'the upstream answered with a body that is not JSON', final: false };
    }
    return upstream.wire.lateAnswers!.outcome(body) ?? { failed: 'the upstream answered with something other than the answer', final: true };
  }

  private failedLook(entry: Followed, reason: string): void {
    entry.failedLooks++;
    if (entry.failedLooks >= MAX_FAILED_LOOKS) return this.giveUp(entry, reason);
    this.lookAgain(entry);
  }

  /** The next look, twice as far off as the last one, up to the longest interval. */
  private lookAgain(entry: Followed): void {
    entry.intervalMs = Math.min(entry.intervalMs * 2, this.deps.timing.maxCheckIntervalMs);
    this.lookLater(entry, entry.intervalMs);
  }

  private giveUp(entry: Followed, reason: string): void {
    this.stop(entry);
    this.deps.gaveUp(entry.answerId, reason);
  }

  private stop(entry: Followed): void {
    if (entry.timer !== null) this.timers.clearTimeout(entry.timer);
    this.followed.delete(entry.answerId);
  }
}
