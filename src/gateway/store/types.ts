import type { AnswerMaker } from '../engine/answer-homes.js';

/**
 * The gateway's durable state: client keys (only their hashes) and one usage row per request. The default
 * store is an SQLite file in the data folder; another store (Postgres, Redis) implements the same interface.
 */

export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';

export interface ClientKeyRecord {
  /** `ck_…`: names the key in usage, logs and the admin API. */
  id: string;
  /** SHA-256 hex of the whole key: the only form stored. */
  hash: string;
  /** `llmd_…Ab3x`: enough to recognise the key, never enough to use it. */
  masked: string;
  name: string | null;
  /** Routes or models the key may ask for; null: any. */
  models: string[] | null;
  requestsPerMinute: number | null;
  maxConcurrent: number | null;
  budgetTokens: number | null;
  budgetPeriod: BudgetPeriod;
  /** Epoch ms; null: never. */
  expiresAt: number | null;
  /** Free-form labels (team, owner). */
  metadata: Record<string, string>;
  createdAt: number;
  revokedAt: number | null;
  /** The key that replaced this one by rotation. */
  replacedBy: string | null;
}

export interface UsageRow {
  time: number;
  requestId: string;
  clientKeyId: string | null;
  route: string | null;
  operation: string;
  modelAsked: string | null;
  modelServed: string | null;
  upstream: string | null;
  keyFingerprint: string | null;
  inputTokens: number;
  outputTokens: number;
  attempts: number;
  latencyMs: number;
  ttftMs: number | null;
  status: number;
  streamed: boolean;
  resumed: boolean;
  /** The id the upstream stored the answer under (an OpenAI response), which later requests may name; else null. */
  answerId: string | null;
  /** Failure categories met on the way, comma-separated in order ('' when none). */
  categories: string;
}

/** A stored answer made through the gateway whose tokens are not counted yet, and where it was made. */
export interface UncountedAnswer {
  answerId: string;
  upstream: string;
  keyFingerprint: string;
  clientKeyId: string | null;
  madeAt: number;
}

export interface UsageQuery {
  since?: number;
  until?: number;
  clientKeyId?: string;
}

/** One line of `llmdoctor usage`: totals per client key, model served and UTC day. */
export interface UsageSummaryRow {
  day: string;
  clientKeyId: string | null;
  clientName: string | null;
  model: string | null;
  requests: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  attempts: number;
  avgLatencyMs: number;
}

export interface GatewayStore {
  /** Where it lives, for messages (a file path). */
  readonly location: string;
  insertClientKey(key: ClientKeyRecord): void;
  clientKeyByHash(hash: string): ClientKeyRecord | null;
  clientKeyById(id: string): ClientKeyRecord | null;
  listClientKeys(options?: { includeRevoked?: boolean }): ClientKeyRecord[];
  /** Marks a key revoked (and names its replacement); false when no such key. */
  revokeClientKey(id: string, at: number, replacedBy?: string | null): boolean;
  /**
   * Whether any key was ever issued: then every request must carry a valid one. Revoked and expired keys
   * count, so revoking the last key closes the gateway instead of opening it.
   */
  hasIssuedClientKeys(): boolean;
  /** Runs `work` as one transaction: all of its writes, or none (it threw, or the store refused one). */
  atomically<T>(work: () => T): T;
  /** Appends rows in one transaction: all or none. */
  appendUsage(rows: readonly UsageRow[]): void;
  /** Tokens (input + output) a client key used since `since`. */
  tokensUsedSince(clientKeyId: string, since: number): number;
  usageSummary(query?: UsageQuery): UsageSummaryRow[];
  usageRows(query?: UsageQuery & { limit?: number }): UsageRow[];
  /** Who made a stored answer: the upstream, key and client key of the request it answered; null if none did. */
  answerMaker(answerId: string): AnswerMaker | null;
  /** Answers made since `since` whose tokens no row counted yet (background responses no one has read finished), oldest first. */
  uncountedAnswers(since: number, limit: number): UncountedAnswer[];
  /** A write round trip works (for /readyz). */
  writable(): boolean;
  close(): void;
}
