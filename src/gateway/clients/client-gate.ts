import type { ClientKeyRecord, GatewayStore } from '../store/types.js';
import { BoundedCache } from '../../core/bounded-cache.js';
import { hashClientKey } from './client-key-format.js';
import { ClientUsage } from './client-usage.js';
import { expiredKey, invalidKey, limitReached, missingKey, modelNotAllowed, revokedKey } from './denials.js';
import type { Admission, ClientIdentity, Denial } from './types.js';

export interface ClientGateOptions {
  store: GatewayStore;
  /** How long an answer of the store (a key, an unknown key, whether keys are in use) is reused. */
  recheckMs: number;
  now?: () => number;
  /** Keys remembered at once, known and unknown each (least recently used forgotten first). */
  cacheSize?: number;
}

interface KnownKey {
  record: ClientKeyRecord;
  readAt: number;
}

const DEFAULT_CACHE_SIZE = 10_000;

/**
 * Who may call, and whether this request fits the caller's limits: client key, allowed models, requests
 * per minute, concurrent requests and token budget, checked in memory in O(1). The store is asked only
 * when an answer is older than `recheckMs`, so keys created, revoked or rotated by the CLI in another
 * process take effect within that time, and a flood of bad keys costs one store lookup per key per
 * `recheckMs` at most (both caches are bounded).
 *
 * Every admitted request must be released once, with the tokens it used, when it ends: `release` with
 * the identity it was admitted with, or `releaseById` with the request record's `clientKeyId`.
 */
export class ClientGate {
  private readonly store: GatewayStore;
  private readonly recheckMs: number;
  private readonly now: () => number;
  private readonly known: BoundedCache<string, KnownKey>;
  /** Client key id -> its counters; apart from `known`, so they outlive a re-read or a forgotten hash. */
  private readonly usage: BoundedCache<string, ClientUsage>;
  /** Hash of an unknown key -> when the store said so. */
  private readonly unknown: BoundedCache<string, number>;
  private inUse: { value: boolean; readAt: number } | null = null;

  constructor(options: ClientGateOptions) {
    this.store = options.store;
    this.recheckMs = options.recheckMs;
    this.now = options.now ?? Date.now;
    this.known = new BoundedCache(options.cacheSize ?? DEFAULT_CACHE_SIZE);
    this.usage = new BoundedCache(options.cacheSize ?? DEFAULT_CACHE_SIZE);
    this.unknown = new BoundedCache(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  }

  /** Whether client keys are in use (any key is active): then every request must carry one. */
  required(): boolean {
    return this.keysInUse(this.now());
  }

  admit(credential: string | null, model: string | null): Admission {
    const now = this.now();
    if (!this.keysInUse(now)) return { ok: true, client: null };
    if (credential === null) return denied(missingKey());
    const known = this.lookup(hashClientKey(credential), now);
    if (known === null) return denied(invalidKey(credential));
    const { record } = known;
    if (record.revokedAt !== null) return denied(revokedKey(record), record.id);
    if (record.expiresAt !== null && now >= record.expiresAt) return denied(expiredKey(record), record.id);
    // A listing names no model: any key may list what the gateway serves
    if (record.models !== null && model !== null && !record.models.includes(model)) return denied(modelNotAllowed(record, model), record.id);
    const usage = this.usageOf(record.id);
    const hit = usage.limitHit(record, this.store, now);
    if (hit !== null) return denied(limitReached(record, hit, now), record.id);
    usage.started(now);
    return { ok: true, client: { id: record.id, name: record.name, key: record } };
  }

  /** An admitted request ended; `usedTokens` (input + output) count against the key's budget. */
  release(client: ClientIdentity | null, usedTokens: number): void {
    this.releaseById(client?.id ?? null, usedTokens);
  }

  /** The same, from a request record's `clientKeyId` (null: admitted without a client key). */
  releaseById(clientKeyId: string | null, usedTokens: number): void {
    if (clientKeyId === null) return;
    this.usage.peek(clientKeyId)?.finished(usedTokens, this.now());
  }

  /** Tokens a key's answer used after its request ended (a background response), counted against its budget. */
  countTokens(clientKeyId: string, usedTokens: number): void {
    this.usageOf(clientKeyId).counted(usedTokens, this.now());
  }

  private usageOf(id: string): ClientUsage {
    let usage = this.usage.get(id);
    if (usage === undefined) {
      usage = new ClientUsage();
      this.usage.set(id, usage);
    }
    return usage;
  }

  /** Keys changed in this process (the admin API): the next request reads the store again. Counters are kept. */
  forget(): void {
    this.inUse = null;
    this.known.clear();
    this.unknown.clear();
  }

  private keysInUse(now: number): boolean {
    if (this.inUse === null || now - this.inUse.readAt >= this.recheckMs || now < this.inUse.readAt) {
      this.inUse = { value: this.store.hasIssuedClientKeys(), readAt: now };
    }
    return this.inUse.value;
  }

  /** The key with this hash, from memory while its answer is fresh; null when the store has no such key. */
  private lookup(hash: string, now: number): KnownKey | null {
    const cached = this.known.get(hash);
    if (cached !== undefined && fresh(cached.readAt, now, this.recheckMs)) return cached;
    const refusedAt = this.unknown.get(hash);
    if (cached === undefined && refusedAt !== undefined && fresh(refusedAt, now, this.recheckMs)) return null;
    const record = this.store.clientKeyByHash(hash);
    if (record === null) {
      this.known.delete(hash);
      this.unknown.set(hash, now);
      return null;
    }
    this.unknown.delete(hash);
    const known: KnownKey = { record, readAt: now };
    this.known.set(hash, known);
    return known;
  }
}

function fresh(readAt: number, now: number, recheckMs: number): boolean {
  return now >= readAt && now - readAt < recheckMs;
}

function denied(denial: Denial, clientKeyId: string | null = null): Admission {
  return { ok: false, denial, clientKeyId };
}
