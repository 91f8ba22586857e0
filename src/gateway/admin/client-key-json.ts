import type { ClientKeyRecord } from '../store/types.js';
import { isoTime } from './iso-time.js';

/**
 * A client key as the admin API shows it: its id, its masked form and what it may do. Never the hash: with it an
 * offline guess could be checked, and nothing a reader of the list needs comes from it. Field names are those of
 * the spec a key is created with (src/gateway/clients/client-key-spec.ts).
 */
export function clientKeyJson(record: ClientKeyRecord, now: number): Record<string, unknown> {
  return {
    id: record.id,
    masked: record.masked,
    name: record.name,
    status: statusOf(record, now),
    models: record.models,
    rpm: record.requestsPerMinute,
    max_concurrent: record.maxConcurrent,
    budget_tokens: record.budgetTokens,
    budget_period: record.budgetPeriod,
    expires_at: isoTime(record.expiresAt),
    metadata: record.metadata,
    created_at: isoTime(record.createdAt),
    revoked_at: isoTime(record.revokedAt),
    replaced_by: record.replacedBy,
  };
}

function statusOf(record: ClientKeyRecord, now: number): 'active' | 'revoked' | 'expired' {
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && record.expiresAt <= now) return 'expired';
  return 'active';
}
