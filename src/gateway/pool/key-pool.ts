import type { Diagnosis } from '../../core/diagnosis.js';
import type { ResetHeaderSpec } from '../../core/retry-after.js';
import type { UpstreamKeyConfig } from '../config/types.js';
import { PoolKey } from './pool-key.js';
import { PoolLease } from './pool-lease.js';
import { exhaustedUntil, readLimit, type LimitHeaderNames, type ResponseHeaders } from './rate-headers.js';
import { Alarm, nodeTimers, type Timers } from './timers.js';
import type { AttemptOutcome, KeyHealth, KeyLease, NoKey } from './types.js';

export interface KeyPoolOptions {
  /** The upstream's name. */
  upstream: string;
  keys: readonly UpstreamKeyConfig[];
  /** Defaults; a key's own configuration wins. */
  limits: { maxInFlight: number; cooldownMs: number; reprobeMs: number };
  /** How this provider states remaining counts and resets (`OPENAI_RESET_HEADERS`...). */
  rateHeaders: readonly ResetHeaderSpec[];
  /** Where it states the per-minute limits (`OPENAI_LIMIT_HEADERS`...); without it no limit is learnt. */
  limitHeaders?: LimitHeaderNames;
  /** Background re-probe of a disabled key: null means the key works again. */
  probe?: (secret: string) => Promise<Diagnosis | null>;
  now?: () => number;
  /** Cooldown and re-probe timers; Node's, unref'd, by default. */
  timers?: Timers;
}

/** One key as the admin view and the logs may show it: never the secret. */
export interface KeySnapshot {
  label: string;
  masked: string;
  fingerprint: string;
  health: KeyHealth;
  inFlight: number;
  requestsLastMinute: number;
  tokensLastMinute: number;
  /** The limits in force; `learned` is what the provider's headers said (used where none is configured). */
  limits: { maxInFlight: number; rpm: number | null; tpm: number | null; learned?: { rpm: number | null; tpm: number | null } };
}

/**
 * An upstream's keys: leases the least-loaded key with room, learns from each outcome (cooldowns, disabled keys,
 * the provider's limits), and tells listeners when capacity may have appeared. Every call is O(keys).
 */
export class KeyPool {
  private readonly upstream: string;
  private readonly keys: PoolKey[];
  private readonly limits: KeyPoolOptions['limits'];
  private readonly rateHeaders: readonly ResetHeaderSpec[];
  private readonly limitHeaders: LimitHeaderNames;
  private readonly probe: KeyPoolOptions['probe'];
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly listeners = new Set<() => void>();
  /** Where the next tie-break starts, so keys of equal load take turns. */
  private cursor = 0;
  private closed = false;

  constructor(options: KeyPoolOptions) {
    this.upstream = options.upstream;
    this.limits = options.limits;
    this.keys = options.keys.map((key) => new PoolKey(key, options.limits.maxInFlight));
    this.rateHeaders = options.rateHeaders;
    this.limitHeaders = options.limitHeaders ?? {};
    this.probe = options.probe;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? nodeTimers({ unref: true });
  }

  /**
   * The least-loaded key with room for a request of about `estimatedTokens`, ties taken in turn. Keys in `avoid`
   * (already failed for this request) are taken only when no other key has room. With `eligible`, only the keys it
   * accepts, or none (a request about an answer only one key's account holds, or that the keys asked so far do not).
   */
  acquire(estimatedTokens: number, avoid?: ReadonlySet<number>, eligible?: (index: number) => boolean): KeyLease | NoKey {
    const now = this.now();
    const tokens = Number.isFinite(estimatedTokens) && estimatedTokens > 0 ? Math.ceil(estimatedTokens) : 0;
    const count = this.keys.length;
    let best = -1;
    let bestLoad = Number.POSITIVE_INFINITY;
    let avoided = -1;
    let avoidedLoad = Number.POSITIVE_INFINITY;
    for (let step = 0; step < count; step++) {
      const index = (this.cursor + step) % count;
      const key = this.keys[index]!;
      if ((eligible !== undefined && !eligible(index)) || !key.hasRoom(now, tokens)) continue;
      const load = key.load();
      if (avoid?.has(index)) {
        if (load < avoidedLoad) [avoided, avoidedLoad] = [index, load];
      } else if (load < bestLoad) {
        [best, bestLoad] = [index, load];
      }
    }
    const chosen = best >= 0 ? best : avoided;
    if (chosen < 0) return this.noKey(now, tokens, eligible);
    this.cursor = (chosen + 1) % count;
    const key = this.keys[chosen]!;
    key.inFlight++;
    key.requests.add(now, 1);
    const second = key.tokens.add(now, tokens);
    return new PoolLease(this.upstream, chosen, key.secret, key.fingerprint, tokens, second);
  }

  /** The index of the key with this fingerprint, or -1. */
  keyIndexOf(fingerprint: string): number {
    return this.keys.findIndex((key) => key.fingerprint === fingerprint);
  }

  /** Gives a lease back with what the attempt taught about its key. A lease given back twice counts once. */
  release(lease: KeyLease, outcome: AttemptOutcome): void {
    const key = this.keys[lease.keyIndex];
    if (key === undefined || lease.upstream !== this.upstream) {
      throw new Error(`A lease of upstream "${lease.upstream}" (key #${lease.keyIndex}) was given back to the pool of "${this.upstream}": release each lease to the pool that gave it.`);
    }
    if (lease instanceof PoolLease) {
      if (lease.released) return;
      lease.released = true;
    }
    const now = this.now();
    key.inFlight = Math.max(0, key.inFlight - 1);
    switch (outcome.kind) {
      case 'success':
        this.correctTokens(key, lease, outcome.usedTokens, now);
        this.learnLimits(key, outcome.headers);
        this.restIfExhausted(key, outcome.headers, now);
        break;
      case 'cooldown':
        if (outcome.headers) this.learnLimits(key, outcome.headers);
        this.cool(key, outcome.until > now ? outcome.until : now + this.limits.cooldownMs, outcome.diagnosis.title, now);
        break;
      case 'disable':
        this.disable(key, outcome.diagnosis, now);
        break;
      case 'neutral':
        break;
    }
    if (key.refresh(now).state === 'healthy') this.notifyCapacity();
  }

  /** Listeners run when capacity may have appeared (a lease given back, a cooldown over, a key re-enabled). */
  onCapacity(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  snapshot(): KeySnapshot[] {
    const now = this.now();
    return this.keys.map((key) => {
      const learned = key.learnedRpm !== null || key.learnedTpm !== null ? { rpm: key.learnedRpm, tpm: key.learnedTpm } : undefined;
      return {
        label: key.label,
        masked: key.masked,
        fingerprint: key.fingerprint,
        health: key.refresh(now),
        inFlight: key.inFlight,
        requestsLastMinute: key.requests.sum(now),
        tokensLastMinute: key.tokens.sum(now),
        limits: { maxInFlight: key.maxInFlight, rpm: key.rpm, tpm: key.tpm, ...(learned && { learned }) },
      };
    });
  }

  /** Stops every timer (cooldown ends, re-probes); probes still running are ignored when they finish. Idempotent. */
  close(): void {
    this.closed = true;
    for (const key of this.keys) {
      key.cooldownAlarm?.cancel();
      key.cooldownAlarm = null;
      key.probeAlarm?.cancel();
      key.probeAlarm = null;
    }
  }

  private noKey(now: number, tokens: number, eligible: ((index: number) => boolean) | undefined): NoKey {
    const diagnoses: Diagnosis[] = [];
    let usable = 0;
    let cooling = 0;
    let coolingEnds = Number.POSITIVE_INFINITY;
    let busyFreeAt = Number.POSITIVE_INFINITY;
    for (const [index, key] of this.keys.entries()) {
      if (eligible !== undefined && !eligible(index)) continue;
      const health = key.refresh(now);
      if (health.state === 'disabled') {
        diagnoses.push(health.diagnosis);
        continue;
      }
      usable++;
      if (health.state === 'cooling') {
        cooling++;
        coolingEnds = Math.min(coolingEnds, health.until);
        continue;
      }
      const { windowsFreeAt } = key.shortage(now, tokens);
      if (windowsFreeAt !== null) busyFreeAt = Math.min(busyFreeAt, windowsFreeAt);
    }
    if (usable === 0) return { reason: 'disabled', retryAt: null, diagnoses };
    if (cooling === usable) return { reason: 'cooling', retryAt: coolingEnds, diagnoses };
    // A key held back by its in-flight cap frees up on a release, which the capacity listeners hear about.
    const retryAt = Math.min(coolingEnds, busyFreeAt);
    return { reason: 'busy', retryAt: Number.isFinite(retryAt) ? retryAt : null, diagnoses };
  }

  private correctTokens(key: PoolKey, lease: KeyLease, usedTokens: number | null, now: number): void {
    if (usedTokens === null || !Number.isFinite(usedTokens)) return;
    const second = lease instanceof PoolLease ? lease.countedInSecond : Math.floor(now / 1000);
    key.tokens.correct(second, Math.max(0, usedTokens) - lease.reservedTokens, now);
  }

  /** A limit the provider states becomes the key's budget where none is configured; it follows later changes. */
  private learnLimits(key: PoolKey, headers: ResponseHeaders): void {
    key.learnedRpm = readLimit(headers, this.limitHeaders.requests) ?? key.learnedRpm;
    key.learnedTpm = readLimit(headers, this.limitHeaders.tokens) ?? key.learnedTpm;
  }

  /** The answer used the last of a limit: sending more before its reset would only earn 429s. */
  private restIfExhausted(key: PoolKey, headers: ResponseHeaders, now: number): void {
    const exhausted = exhaustedUntil(headers, this.rateHeaders, now);
    if (exhausted !== null) this.cool(key, exhausted.until, `no room left until the reset the provider announced (${exhausted.source})`, now);
  }

  /** Rests a key until `until`; a longer rest already in force stands. A disabled key stays disabled. */
  private cool(key: PoolKey, until: number, reason: string, now: number): void {
    const health = key.refresh(now);
    if (health.state === 'disabled' || (health.state === 'cooling' && health.until >= until)) return;
    key.health = { state: 'cooling', until, reason };
    key.cooldownAlarm?.cancel();
    key.cooldownAlarm = this.closed ? null : new Alarm(this.timers, this.now, until, () => this.cooldownEnded(key));
  }

  private cooldownEnded(key: PoolKey): void {
    key.cooldownAlarm = null;
    if (key.refresh(this.now()).state === 'healthy') this.notifyCapacity();
  }

  /** Out of rotation until a background probe finds the key working again. */
  private disable(key: PoolKey, diagnosis: Diagnosis, now: number): void {
    const previous = key.health;
    key.cooldownAlarm?.cancel();
    key.cooldownAlarm = null;
    key.health = previous.state === 'disabled'
      ? { ...previous, diagnosis }
      : { state: 'disabled', since: now, diagnosis, lastProbe: null };
    if (key.probeAlarm === null && !key.probing) this.scheduleProbe(key);
  }

  private scheduleProbe(key: PoolKey): void {
    if (this.closed || this.probe === undefined) return;
    key.probeAlarm = new Alarm(this.timers, this.now, this.now() + this.limits.reprobeMs, () => this.runProbe(key));
  }

  private runProbe(key: PoolKey): void {
    const probe = this.probe;
    key.probeAlarm = null;
    if (probe === undefined || key.health.state !== 'disabled') return;
    key.probing = true;
    const settle = (diagnosis: Diagnosis | null | undefined): void => {
      key.probing = false;
      const health = key.health;
      if (this.closed || health.state !== 'disabled') return;
      if (diagnosis === null) {
        key.markHealthy();
        this.notifyCapacity();
        return;
      }
      // A probe that could not run (network down) says nothing new about the key: it keeps its diagnosis.
      key.health = { ...health, diagnosis: diagnosis ?? health.diagnosis, lastProbe: this.now() };
      this.scheduleProbe(key);
    };
    Promise.resolve()
      .then(() => probe(key.secret))
      .then(settle, () => settle(undefined));
  }

  private notifyCapacity(): void {
    for (const listener of this.listeners) listener();
  }
}
