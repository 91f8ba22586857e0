import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openSqliteStore } from '../../../../src/gateway/store/sqlite-store.js';
import type { ClientKeyRecord, GatewayStore, UsageRow } from '../../../../src/gateway/store/types.js';

/** 2025-06-15T12:00:00Z: mid-day, so a few hours either way stay on the same UTC day. */
export const NOON = Date.UTC(2025, 5, 15, 12);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A fresh folder under the system's temp folder, removed when the test file ends. */
export function tempFolder(prefix = 'llmdoctor-store-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** Runs `test` on a fresh SQLite store in a temp folder, closed afterwards. */
export function withStore(test: (store: GatewayStore) => void): void {
  const store = openSqliteStore(tempFolder());
  try {
    test(store);
  } finally {
    store.close();
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function clientKey(overrides: Partial<ClientKeyRecord> = {}): ClientKeyRecord {
  const id = overrides.id ?? 'ck_test';
  return {
    id,
    hash: sha256(`secret of ${id}`),
    masked: 'llmd_…Ab3x',
    name: null,
    models: null,
    requestsPerMinute: null,
    maxConcurrent: null,
    budgetTokens: null,
    budgetPeriod: 'total',
    expiresAt: null,
    metadata: {},
    createdAt: NOON,
    revokedAt: null,
    replacedBy: null,
    ...overrides,
  };
}

let nextRequest = 0;

export function usageRow(overrides: Partial<UsageRow> = {}): UsageRow {
  nextRequest += 1;
  return {
    time: NOON,
    requestId: `req_${nextRequest}`,
    clientKeyId: null,
    route: null,
    operation: 'chat',
    modelAsked: 'gpt-4o-mini',
    modelServed: 'gpt-4o-mini',
    upstream: 'openai',
    keyFingerprint: '3f9c1e',
    inputTokens: 10,
    outputTokens: 5,
    attempts: 1,
    latencyMs: 100,
    ttftMs: null,
    status: 200,
    streamed: false,
    resumed: false,
    answerId: null,
    categories: '',
    ...overrides,
  };
}
