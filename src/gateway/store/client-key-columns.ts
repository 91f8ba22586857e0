import type { BudgetPeriod, ClientKeyRecord } from './types.js';

/** A `client_keys` row as SQLite holds it: lists and labels as JSON text. */
export interface ClientKeyColumns {
  id: string;
  hash: string;
  masked: string;
  name: string | null;
  models: string | null;
  requests_per_minute: number | null;
  max_concurrent: number | null;
  budget_tokens: number | null;
  budget_period: string;
  expires_at: number | null;
  metadata: string;
  created_at: number;
  revoked_at: number | null;
  replaced_by: string | null;
}

export function clientKeyColumns(key: ClientKeyRecord): ClientKeyColumns {
  return {
    id: key.id,
    hash: key.hash,
    masked: key.masked,
    name: key.name,
    models: key.models === null ? null : JSON.stringify(key.models),
    requests_per_minute: key.requestsPerMinute,
    max_concurrent: key.maxConcurrent,
    budget_tokens: key.budgetTokens,
    budget_period: key.budgetPeriod,
    expires_at: key.expiresAt,
    metadata: JSON.stringify(key.metadata),
    created_at: key.createdAt,
    revoked_at: key.revokedAt,
    replaced_by: key.replacedBy,
  };
}

export function clientKeyOf(row: ClientKeyColumns): ClientKeyRecord {
  return {
    id: row.id,
    hash: row.hash,
    masked: row.masked,
    name: row.name,
    models: row.models === null ? null : (JSON.parse(row.models) as string[]),
    requestsPerMinute: row.requests_per_minute,
    maxConcurrent: row.max_concurrent,
    budgetTokens: row.budget_tokens,
    budgetPeriod: row.budget_period as BudgetPeriod,
    expiresAt: row.expires_at,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    replacedBy: row.replaced_by,
  };
}
