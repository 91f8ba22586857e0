import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestRecord } from '../../../src/gateway/engine/trail.js';
import { openSqliteStore } from '../../../src/gateway/store/sqlite-store.js';
import type { UsageRow } from '../../../src/gateway/store/types.js';
import { UsageRecorder, usageRowOf } from '../../../src/gateway/store/usage-recorder.js';
import { FakeClock } from '../pool/fake-clock.js';
import { NOON, tempFolder, usageRow } from './support/store-fixtures.js';

/** A store that keeps each batch it was handed and refuses writes while `failing`. */
class BatchLog {
  readonly batches: string[][] = [];
  failing: Error | null = null;
  calls = 0;

  appendUsage(rows: readonly UsageRow[]): void {
    this.calls += 1;
    if (this.failing) throw this.failing;
    this.batches.push(rows.map((row) => row.requestId));
  }
}

const rows = (count: number, prefix: string): UsageRow[] => Array.from({ length: count }, (_, i) => usageRow({ requestId: `${prefix}${i + 1}` }));

function recorderOver(log: BatchLog, options: { batchSize?: number; flushMs?: number; maxKeptBatches?: number } = {}) {
  const clock = new FakeClock();
  const errors: unknown[] = [];
  const recorder = new UsageRecorder(
    log,
    { batchSize: options.batchSize ?? 3, flushMs: options.flushMs ?? 1000, maxKeptBatches: options.maxKeptBatches, timers: clock },
    (error) => errors.push(error),
  );
  return { clock, errors, recorder };
}

describe('UsageRecorder', () => {
  it('writes a batch as soon as batchSize rows wait, and keeps the rest', () => {
    const log = new BatchLog();
    const { recorder } = recorderOver(log, { batchSize: 3 });
    for (const row of rows(7, 'r')) recorder.record(row);
    assert.deepEqual(log.batches, [
      ['r1', 'r2', 'r3'],
      ['r4', 'r5', 'r6'],
    ]);
    assert.equal(recorder.pendingRows, 1);
  });

  it('writes what waits flushMs after the first row, with one timer for all the rows', () => {
    const log = new BatchLog();
    const { clock, recorder } = recorderOver(log, { batchSize: 100, flushMs: 1000 });
    recorder.record(usageRow({ requestId: 'a' }));
    clock.advance(600);
    recorder.record(usageRow({ requestId: 'b' }));
    recorder.record(usageRow({ requestId: 'c' }));
    assert.equal(clock.pending(), 1, 'one timer, not one per row');
    clock.advance(399);
    assert.deepEqual(log.batches, []);
    clock.advance(1);
    assert.deepEqual(log.batches, [['a', 'b', 'c']]);
    assert.equal(clock.pending(), 0, 'nothing waits, so no timer');
    recorder.record(usageRow({ requestId: 'd' }));
    clock.advance(1000);
    assert.deepEqual(log.batches, [['a', 'b', 'c'], ['d']]);
  });

  it('a size flush cancels the time flush', () => {
    const log = new BatchLog();
    const { clock, recorder } = recorderOver(log, { batchSize: 2, flushMs: 1000 });
    recorder.record(usageRow({ requestId: 'a' }));
    recorder.record(usageRow({ requestId: 'b' }));
    assert.equal(clock.pending(), 0);
    clock.advance(5000);
    assert.equal(log.calls, 1);
  });

  it('close writes what waits; a row after close is written at once', () => {
    const log = new BatchLog();
    const { clock, recorder } = recorderOver(log, { batchSize: 100 });
    recorder.record(usageRow({ requestId: 'a' }));
    recorder.record(usageRow({ requestId: 'b' }));
    recorder.close();
    assert.deepEqual(log.batches, [['a', 'b']]);
    assert.equal(clock.pending(), 0);
    recorder.record(usageRow({ requestId: 'late' }));
    assert.deepEqual(log.batches, [['a', 'b'], ['late']]);
    assert.equal(clock.pending(), 0);
  });

  it('a refused write is reported, never thrown, and its batch written whole on a later flush', () => {
    const log = new BatchLog();
    const { clock, errors, recorder } = recorderOver(log, { batchSize: 2, flushMs: 1000 });
    log.failing = new Error('SQLITE_FULL: database or disk is full');
    assert.doesNotThrow(() => {
      for (const row of rows(3, 'r')) recorder.record(row);
    });
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /disk is full/);
    assert.equal(recorder.pendingRows, 3);
    assert.equal(clock.pending(), 1, 'a retry is scheduled');

    clock.advance(1000);
    assert.equal(errors.length, 2, 'the retry failed too, and said so');
    log.failing = null;
    clock.advance(1000);
    assert.deepEqual(log.batches, [['r1', 'r2'], ['r3']], 'the kept batch first, whole, then the newer rows');
    assert.equal(recorder.pendingRows, 0);
    assert.equal(recorder.droppedRows, 0);
  });

  it('beyond maxKeptBatches the oldest batches are dropped and counted', () => {
    const log = new BatchLog();
    const { errors, recorder } = recorderOver(log, { batchSize: 2, maxKeptBatches: 3 });
    log.failing = new Error('disk full');
    for (const row of rows(10, 'r')) recorder.record(row);
    assert.equal(errors.length, 5);
    assert.equal(recorder.droppedRows, 4);
    assert.equal(recorder.pendingRows, 6);
    log.failing = null;
    recorder.flush();
    assert.deepEqual(log.batches, [
      ['r5', 'r6'],
      ['r7', 'r8'],
      ['r9', 'r10'],
    ]);
  });

  it('an error handler that throws does not reach the caller', () => {
    const log = new BatchLog();
    log.failing = new Error('disk full');
    const recorder = new UsageRecorder(log, { batchSize: 1, flushMs: 1000, timers: new FakeClock() }, () => {
      throw new Error('the logger broke');
    });
    assert.doesNotThrow(() => recorder.record(usageRow()));
    assert.equal(recorder.pendingRows, 1);
  });

  it('with the SQLite store: rows land in batches, and close flushes the last one', () => {
    const store = openSqliteStore(tempFolder());
    try {
      const recorder = new UsageRecorder(store, { batchSize: 2, flushMs: 60_000 });
      for (const row of rows(3, 'sql')) recorder.record(row);
      assert.deepEqual(store.usageRows().map((row) => row.requestId).sort(), ['sql1', 'sql2']);
      recorder.close();
      assert.deepEqual(store.usageRows().map((row) => row.requestId).sort(), ['sql1', 'sql2', 'sql3']);
    } finally {
      store.close();
    }
  });

  it('with the SQLite store closed under it: the failure is reported and the rows kept', () => {
    const store = openSqliteStore(tempFolder());
    store.close();
    const errors: unknown[] = [];
    const recorder = new UsageRecorder(store, { batchSize: 1, flushMs: 60_000, timers: new FakeClock() }, (error) => errors.push(error));
    assert.doesNotThrow(() => recorder.record(usageRow()));
    assert.equal(errors.length, 1);
    assert.equal(recorder.pendingRows, 1);
  });
});

describe('usageRowOf', () => {
  it('turns a request record into its usage row', () => {
    const record: RequestRecord = {
      requestId: 'req_1',
      receivedAt: NOON,
      clientKeyId: 'ck_a',
      operation: 'chat',
      family: 'openai',
      route: 'fast',
      modelAsked: 'fast',
      modelServed: 'gpt-4o-mini',
      upstream: 'openai',
      keyFingerprint: '3f9c1e',
      status: 200,
      streamed: true,
      resumed: true,
      usage: { inputTokens: 11, outputTokens: 22 },
      attempts: [
        { target: 'a', upstream: 'openai', keyFingerprint: 'aaaaaa', status: 429, category: 'rate_limited', durationMs: 5 },
        { target: 'a', upstream: 'openai', keyFingerprint: '3f9c1e', status: 200, category: null, durationMs: 50 },
      ],
      latencyMs: 60,
      timeToFirstTokenMs: 30,
      categories: ['rate_limited', 'network_reset'],
      malformedChunksDropped: 0,
      answerId: 'resp_1',
    };
    assert.deepEqual(usageRowOf(record), {
      time: NOON,
      requestId: 'req_1',
      clientKeyId: 'ck_a',
      route: 'fast',
      operation: 'chat',
      modelAsked: 'fast',
      modelServed: 'gpt-4o-mini',
      upstream: 'openai',
      keyFingerprint: '3f9c1e',
      inputTokens: 11,
      outputTokens: 22,
      attempts: 2,
      latencyMs: 60,
      ttftMs: 30,
      status: 200,
      streamed: true,
      resumed: true,
      answerId: 'resp_1',
      categories: 'rate_limited,network_reset',
    });
  });

  it('a request without usage counts zero tokens, and one without failures has no categories', () => {
    const record: RequestRecord = {
      requestId: 'req_2',
      receivedAt: NOON,
      clientKeyId: null,
      operation: 'chat',
      family: 'openai',
      route: null,
      modelAsked: null,
      modelServed: null,
      upstream: null,
      keyFingerprint: null,
      status: 499,
      streamed: false,
      resumed: false,
      usage: null,
      attempts: [],
      latencyMs: 5,
      timeToFirstTokenMs: null,
      categories: [],
      malformedChunksDropped: 0,
      answerId: null,
    };
    const row = usageRowOf(record);
    assert.equal(row.inputTokens, 0);
    assert.equal(row.outputTokens, 0);
    assert.equal(row.attempts, 0);
    assert.equal(row.categories, '');
    assert.equal(row.status, 499);
  });
});
