import type { ClientKeyRecord, GatewayStore } from '../store/types.js';
import { hashClientKey, maskClientKey, newClientKey, newClientKeyId } from './client-key-format.js';
import type { ClientKeySpec } from './types.js';

/** A key's budget counts per calendar month unless its spec says otherwise. */
export const DEFAULT_BUDGET_PERIOD = 'month';

/** A new client key: the whole key is returned here once and never stored (only its hash and masked form are). */
export function issueClientKey(store: GatewayStore, spec: ClientKeySpec, now = Date.now()): { key: string; record: ClientKeyRecord } {
  const key = newClientKey();
  const record: ClientKeyRecord = {
    id: newClientKeyId(),
    hash: hashClientKey(key),
    masked: maskClientKey(key),
    name: spec.name ?? null,
    models: spec.models ? [...spec.models] : null,
    requestsPerMinute: spec.requestsPerMinute ?? null,
    maxConcurrent: spec.maxConcurrent ?? null,
    budgetTokens: spec.budgetTokens ?? null,
    budgetPeriod: spec.budgetPeriod ?? DEFAULT_BUDGET_PERIOD,
    expiresAt: spec.expiresAt ?? null,
    metadata: { ...spec.metadata },
    createdAt: now,
    revokedAt: null,
    replacedBy: null,
  };
  store.insertClientKey(record);
  return { key, record };
}

/**
 * A new key with the old one's name, limits, expiry and metadata; the old key is revoked and names its
 * replacement, so a client still sending it is told a new key exists. Null when the id is unknown or
 * already revoked. Usage stays with each key's own id: the new key's budget starts empty.
 */
export function rotateClientKey(store: GatewayStore, id: string, now = Date.now()): { key: string; record: ClientKeyRecord } | null {
  // Both or neither: a new key whose secret nobody was shown, beside an old key still in use, helps no one
  return store.atomically(() => replaceClientKey(store, id, now));
}

function replaceClientKey(store: GatewayStore, id: string, now: number): { key: string; record: ClientKeyRecord } | null {
  const old = store.clientKeyById(id);
  if (old === null || old.revokedAt !== null) return null;
  const issued = issueClientKey(
    store,
    {
      name: old.name,
      models: old.models,
      requestsPerMinute: old.requestsPerMinute,
      maxConcurrent: old.maxConcurrent,
      budgetTokens: old.budgetTokens,
      budgetPeriod: old.budgetPeriod,
      expiresAt: old.expiresAt,
      metadata: old.metadata,
    },
    now,
  );
  store.revokeClientKey(old.id, now, issued.record.id);
  return issued;
}
