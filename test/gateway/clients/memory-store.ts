import type { AnswerMaker } from '../../../src/gateway/engine/answer-homes.js';
import type { ClientKeyRecord, GatewayStore, UncountedAnswer, UsageQuery, UsageRow, UsageSummaryRow } from '../../../src/gateway/store/types.js';
import { usageRow as storeUsageRow } from '../store/support/store-fixtures.js';

/**
 * A GatewayStore in memory, as the SQLite store behaves, that counts how often the gate asks it: the
 * tests check that answers are reused and that bad keys do not reach the store each time.
 */
export class MemoryStore implements GatewayStore {
  readonly location = ':memory:';
  readonly keys = new Map<string, ClientKeyRecord>();
  readonly rows: UsageRow[] = [];
  readonly calls = { clientKeyByHash: 0, hasIssuedClientKeys: 0, tokensUsedSince: 0 };

  insertClientKey(key: ClientKeyRecord): void {
    if (this.keys.has(key.id)) throw new Error(`duplicate client key id ${key.id}`);
    this.keys.set(key.id, structuredClone(key));
  }

  clientKeyByHash(hash: string): ClientKeyRecord | null {
    this.calls.clientKeyByHash += 1;
    const found = [...this.keys.values()].find((key) => key.hash === hash);
    return found ? structuredClone(found) : null;
  }

  clientKeyById(id: string): ClientKeyRecord | null {
    const found = this.keys.get(id);
    return found ? structuredClone(found) : null;
  }

  listClientKeys(options?: { includeRevoked?: boolean }): ClientKeyRecord[] {
    return [...this.keys.values()].filter((key) => options?.includeRevoked || key.revokedAt === null).map((key) => structuredClone(key));
  }

  revokeClientKey(id: string, at: number, replacedBy: string | null = null): boolean {
    const key = this.keys.get(id);
    if (!key) return false;
    key.revokedAt = at;
    key.replacedBy = replacedBy;
    return true;
  }

  hasIssuedClientKeys(): boolean {
    this.calls.hasIssuedClientKeys += 1;
    return this.keys.size > 0;
  }

  atomically<T>(work: () => T): T {
    return work();
  }

  appendUsage(rows: readonly UsageRow[]): void {
    this.rows.push(...rows);
  }

  tokensUsedSince(clientKeyId: string, since: number): number {
    this.calls.tokensUsedSince += 1;
    return this.rows.filter((row) => row.clientKeyId === clientKeyId && row.time >= since).reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
  }

  usageSummary(_query?: UsageQuery): UsageSummaryRow[] {
    throw new Error('not used by the client gate');
  }

  usageRows(query?: UsageQuery & { limit?: number }): UsageRow[] {
    return this.rows.filter((row) => query?.clientKeyId === undefined || row.clientKeyId === query.clientKeyId);
  }

  answerMaker(answerId: string): AnswerMaker | null {
    const row = this.rows.find((candidate) => candidate.answerId === answerId && candidate.upstream !== null && candidate.keyFingerprint !== null);
    const tokensCounted = this.rows.filter((candidate) => candidate.answerId === answerId).reduce((sum, candidate) => sum + candidate.inputTokens + candidate.outputTokens, 0);
    return row ? { upstream: row.upstream!, keyFingerprint: row.keyFingerprint!, clientKeyId: row.clientKeyId, modelServed: row.modelServed, tokensCounted } : null;
  }

  uncountedAnswers(since: number, limit: number): UncountedAnswer[] {
    const found: UncountedAnswer[] = [];
    for (const row of this.rows) {
      const { answerId } = row;
      if (answerId === null || row.time < since || found.some((answer) => answer.answerId === answerId)) continue;
      const maker = this.answerMaker(answerId);
      if (maker === null || maker.tokensCounted > 0) continue;
      found.push({ answerId, upstream: maker.upstream, keyFingerprint: maker.keyFingerprint, clientKeyId: maker.clientKeyId, madeAt: row.time });
    }
    return found.slice(0, limit);
  }

  writable(): boolean {
    return true;
  }

  close(): void {}
}

/** A usage row as the recorder writes it at the end of a request. */
export function usageRow(clientKeyId: string, time: number, inputTokens: number, outputTokens: number): UsageRow {
  return storeUsageRow({ time, requestId: `req_${time}_${inputTokens}`, clientKeyId, operation: 'chat.completions', keyFingerprint: null, inputTokens, outputTokens, latencyMs: 10 });
}
