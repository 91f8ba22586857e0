import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openSqliteStore } from '../../../src/gateway/store/sqlite-store.js';
import type { UsageRow } from '../../../src/gateway/store/types.js';
import { UsageThread, UsageThreadError, type UsageThreadFallback } from '../../../src/gateway/store/usage-thread.js';
import { waitUntil } from '../support/ops-wait.js';
import { tempFolder, usageRow } from './support/store-fixtures.js';

const NO_FALLBACK: UsageThreadFallback = {
  appendUsage(): void {
    throw new Error('the thread is alive: nothing should reach the fallback');
  },
  usageSummary(): never {
    throw new Error('the thread is alive: nothing should reach the fallback');
  },
};

function storedIds(dataDir: string): string[] {
  const store = openSqliteStore(dataDir);
  try {
    return store
      .usageRows({ limit: 1_000 })
      .map((row) => row.requestId)
      .sort();
  } finally {
    store.close();
  }
}

describe('UsageThread', () => {
  it('writes every batch handed over, on its own thread, before close resolves', async () => {
    const dataDir = tempFolder();
    const errors: Error[] = [];
    const thread = new UsageThread({ dataDir, retryMs: 1_000 }, NO_FALLBACK, (error) => errors.push(error));
    thread.appendUsage([usageRow({ requestId: 'a1' }), usageRow({ requestId: 'a2' })]);
    thread.appendUsage([usageRow({ requestId: 'b1' })]);
    await thread.close();
    assert.deepEqual(storedIds(dataDir), ['a1', 'a2', 'b1']);
    assert.deepEqual(errors, []);
  });

  it('sums usage reports on the thread, after the batches handed over before them', async () => {
    const dataDir = tempFolder();
    const thread = new UsageThread({ dataDir, retryMs: 1_000 }, NO_FALLBACK, (error) => assert.fail(error));
    try {
      thread.appendUsage([usageRow({ requestId: 'a', clientKeyId: 'ck_a', inputTokens: 3, outputTokens: 4 }), usageRow({ requestId: 'b', clientKeyId: 'ck_b' })]);
      const all = await thread.usageSummary({});
      assert.deepEqual(all.map((row) => [row.clientKeyId, row.requests]).sort(), [['ck_a', 1], ['ck_b', 1]]);
      const one = await thread.usageSummary({ clientKeyId: 'ck_a' });
      assert.deepEqual(one.map((row) => [row.clientKeyId, row.inputTokens, row.outputTokens]), [['ck_a', 3, 4]]);
    } finally {
      await thread.close();
    }
  });

  it('reports a batch the store refuses, keeps it ahead of later ones, and counts what it could not write at close', async () => {
    const dataDir = tempFolder();
    const errors: Error[] = [];
    const thread = new UsageThread({ dataDir, retryMs: 10 }, NO_FALLBACK, (error) => errors.push(error));
    // `operation` is NOT NULL in the store: the whole batch is refused, all or none
    thread.appendUsage([usageRow({ requestId: 'bad1' }), { ...usageRow({ requestId: 'bad2' }), operation: null } as unknown as UsageRow]);
    await waitUntil('the refusal reported', () => (errors.length > 0 ? true : undefined));
    thread.appendUsage([usageRow({ requestId: 'good' })]);
    await thread.close();
    const refusal = errors[0] as UsageThreadError;
    assert.ok(refusal instanceof UsageThreadError);
    assert.match(refusal.message, /NOT NULL/);
    assert.equal(refusal.code, 'SQLITE_CONSTRAINT_NOTNULL');
    // Refused batches are retried oldest first (a full disk refuses them all alike): the later one waits behind
    assert.match(errors.at(-1)?.message ?? '', /usage rows not written when the gateway stopped: 3/);
    assert.deepEqual(storedIds(dataDir), []);
  });

  it('hands batches to the fallback once the thread has stopped (here: it could not open the store)', async () => {
    const dataDir = join(tempFolder(), 'not-a-folder');
    writeFileSync(dataDir, 'a file where the data folder should be');
    const errors: Error[] = [];
    const fallback: UsageRow[][] = [];
    const summaries: unknown[] = [];
    const thread = new UsageThread(
      { dataDir, retryMs: 1_000 },
      { appendUsage: (rows) => void fallback.push([...rows]), usageSummary: (query) => (summaries.push(query), []) },
      (error) => errors.push(error),
    );
    await thread.close();
    assert.match(errors[0]?.message ?? '', /not-a-folder/);
    thread.appendUsage([usageRow({ requestId: 'late' })]);
    assert.deepEqual(
      fallback.map((batch) => batch.map((row) => row.requestId)),
      [['late']],
    );
    assert.deepEqual(await thread.usageSummary({ since: 5 }), []);
    assert.deepEqual(summaries, [{ since: 5 }]);
  });
});
