import type { ClientKeyRecord } from '../store/types.js';

/** Who is calling, once the client key is accepted. */
export interface ClientIdentity {
  id: string;
  name: string | null;
  key: ClientKeyRecord;
}

/** Which limit refused a request. */
export type DenialReason = 'missing_key' | 'invalid_key' | 'revoked' | 'expired' | 'model_not_allowed' | 'rpm' | 'concurrency' | 'budget';

/** A refusal before anything is sent upstream; the server turns it into an error in the caller's format. */
export interface Denial {
  reason: DenialReason;
  status: 401 | 403 | 429;
  message: string;
  /** What the client can do. */
  fix: string;
  /** Epoch ms when the limit resets (rpm window, budget period, concurrency: soon); null when waiting does not help. */
  resetsAt: number | null;
  /** For the body: `{ limit: 'rpm', limit_value: 60, used: 60, resets_at: '2026-…' }`. */
  details: Record<string, unknown>;
}

/** A refusal names the key it refused when the key is known (its usage row counts the refusal). */
export type Admission = { ok: true; client: ClientIdentity | null } | { ok: false; denial: Denial; clientKeyId: string | null };

/** What a new client key may do (admin API, CLI). Omitted fields: no limit / the defaults. */
export interface ClientKeySpec {
  name?: string | null;
  models?: string[] | null;
  requestsPerMinute?: number | null;
  maxConcurrent?: number | null;
  budgetTokens?: number | null;
  budgetPeriod?: import('../store/types.js').BudgetPeriod;
  expiresAt?: number | null;
  metadata?: Record<string, string>;
}
