import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageRow } from '../../../src/gateway/store/types.js';
import { clientKey, DAY, HOUR, NOON, usageRow, withStore } from './support/store-fixtures.js';

/** Day one is 2025-06-15 (UTC), day two 2025-06-16. */
const DAY_ONE = NOON;
const DAY_TWO = NOON + DAY;

describe('usage in the store', () => {
  it('a row comes back exactly as written (booleans, nulls, categories)', () => {
    withStore((store) => {
      const row = usageRow({
        requestId: 'req_exact',
        clientKeyId: 'ck_a',
        route: 'fast',
        operation: 'messages',
        modelAsked: 'fast',
        modelServed: 'claude-haiku',
        upstream: 'anthropic',
        keyFingerprint: 'a1b2c3',
        inputTokens: 123,
        outputTokens: 456,
        attempts: 3,
        latencyMs: 789,
        ttftMs: 120,
        status: 200,
        streamed: true,
        resumed: true,
        answerId: 'resp_exact',
        categories: 'overloaded,stream_cut',
      });
      const bare = usageRow({ requestId: 'req_bare', time: NOON - 1, modelAsked: null, modelServed: null, upstream: null, keyFingerprint: null, status: 499 });
      store.appendUsage([row, bare]);
      assert.deepEqual(store.usageRows(), [row, bare]);
    });
  });

  it('finds who made a stored answer: the upstream, key and client of the request it answered', () => {
    withStore((store) => {
      store.appendUsage([
        usageRow({ requestId: 'req_other', answerId: null }),
        usageRow({ requestId: 'req_made', answerId: 'resp_1', upstream: 'pool', keyFingerprint: 'f00d01', clientKeyId: 'ck_a' }),
        usageRow({ requestId: 'req_failed', answerId: 'resp_2', upstream: null, keyFingerprint: null }),
      ]);
      const made = store.answerMaker('resp_1');
      assert.deepEqual(made && { upstream: made.upstream, keyFingerprint: made.keyFingerprint, clientKeyId: made.clientKeyId }, { upstream: 'pool', keyFingerprint: 'f00d01', clientKeyId: 'ck_a' });
      assert.equal(store.answerMaker('resp_2'), null, 'a row that names no key makes no home');
      assert.equal(store.answerMaker('resp_unknown'), null);
    });
  });

  it('counts the tokens counted for a stored answer: by the request that made it, and by a read that counted them later', () => {
    withStore((store) => {
      store.appendUsage([
        usageRow({ requestId: 'req_queued', answerId: 'resp_bg', upstream: 'pool', keyFingerprint: 'f00d01', clientKeyId: 'ck_a', inputTokens: 0, outputTokens: 0 }),
      ]);
      assert.equal(store.answerMaker('resp_bg')?.tokensCounted, 0, 'answered before it was generated: nothing counted yet');
      store.appendUsage([
        usageRow({ requestId: 'req_read', answerId: 'resp_bg', upstream: 'pool', keyFingerprint: 'f00d01', clientKeyId: 'ck_b', inputTokens: 40, outputTokens: 300 }),
      ]);
      const maker = store.answerMaker('resp_bg');
      assert.equal(maker?.tokensCounted, 340);
      assert.equal(maker?.clientKeyId, 'ck_a', 'the maker is the first row, not the read');
    });
  });

  it('uncountedAnswers: answers made since a time whose tokens no row counted, with the key that made them, oldest first', () => {
    withStore((store) => {
      const made = (requestId: string, answerId: string, time: number, tokens = 0) =>
        usageRow({ requestId, answerId, time, upstream: 'pool', keyFingerprint: 'f00d01', clientKeyId: 'ck_a', inputTokens: tokens, outputTokens: 0 });
      store.appendUsage([
        made('req_old', 'resp_old', NOON - 10_000),
        made('req_bg1', 'resp_bg1', NOON),
        made('req_bg2', 'resp_bg2', NOON + 1),
        made('req_foreground', 'resp_fg', NOON + 2, 120),
        made('req_counted', 'resp_counted', NOON + 3),
        { ...made('req_read', 'resp_counted', NOON + 4, 340), clientKeyId: 'ck_b', keyFingerprint: 'beef02' },
        usageRow({ requestId: 'req_none', time: NOON + 5 }),
      ]);
      const found = store.uncountedAnswers(NOON - 1, 10);
      assert.deepEqual(found, [
        { answerId: 'resp_bg1', upstream: 'pool', keyFingerprint: 'f00d01', clientKeyId: 'ck_a', madeAt: NOON },
        { answerId: 'resp_bg2', upstream: 'pool', keyFingerprint: 'f00d01', clientKeyId: 'ck_a', madeAt: NOON + 1 },
      ]);
      assert.deepEqual(store.uncountedAnswers(NOON - 1, 1).map((answer) => answer.answerId), ['resp_bg1'], 'at most `limit`, the oldest');
      assert.equal(store.uncountedAnswers(NOON - 20_000, 10)[0]?.answerId, 'resp_old');
    });
  });

  it('fractional durations are rounded rather than failing the batch', () => {
    withStore((store) => {
      store.appendUsage([usageRow({ requestId: 'req_frac', latencyMs: 12.6, ttftMs: 3.2 })]);
      const [row] = store.usageRows();
      assert.equal(row?.latencyMs, 13);
      assert.equal(row?.ttftMs, 3);
    });
  });

  it('a batch with one bad row writes nothing', () => {
    withStore((store) => {
      const bad = { ...usageRow({ requestId: 'req_bad' }), operation: null } as unknown as UsageRow;
      assert.throws(() => store.appendUsage([usageRow({ requestId: 'req_good' }), bad]), /NOT NULL/);
      assert.deepEqual(store.usageRows(), []);
    });
  });

  it('usageRows: newest first, limited, windowed, by client', () => {
    withStore((store) => {
      store.appendUsage([
        usageRow({ requestId: 'r1', time: NOON, clientKeyId: 'ck_a' }),
        usageRow({ requestId: 'r2', time: NOON + 1000, clientKeyId: 'ck_b' }),
        usageRow({ requestId: 'r3', time: NOON + 2000, clientKeyId: 'ck_a' }),
        usageRow({ requestId: 'r4', time: NOON + 2000, clientKeyId: null }),
      ]);
      const ids = (rows: UsageRow[]): string[] => rows.map((row) => row.requestId);
      assert.deepEqual(ids(store.usageRows()), ['r4', 'r3', 'r2', 'r1'], 'same instant: the later write first');
      assert.deepEqual(ids(store.usageRows({ limit: 2 })), ['r4', 'r3']);
      assert.deepEqual(ids(store.usageRows({ clientKeyId: 'ck_a' })), ['r3', 'r1']);
      assert.deepEqual(ids(store.usageRows({ since: NOON + 1000, until: NOON + 2000 })), ['r2'], 'since inclusive, until exclusive');
      assert.deepEqual(ids(store.usageRows({ clientKeyId: 'ck_a', since: NOON + 1, limit: 5 })), ['r3']);
    });
  });

  it('usageRows returns at most 100 rows unless told', () => {
    withStore((store) => {
      store.appendUsage(Array.from({ length: 150 }, (_, i) => usageRow({ time: NOON + i })));
      assert.equal(store.usageRows().length, 100);
      assert.equal(store.usageRows({ limit: 1000 }).length, 150);
    });
  });

  it('tokensUsedSince sums input and output of one key from an instant on', () => {
    withStore((store) => {
      store.appendUsage([
        usageRow({ clientKeyId: 'ck_a', time: NOON - DAY, inputTokens: 1000, outputTokens: 1000 }),
        usageRow({ clientKeyId: 'ck_a', time: NOON, inputTokens: 100, outputTokens: 20 }),
        usageRow({ clientKeyId: 'ck_a', time: NOON + HOUR, inputTokens: 7, outputTokens: 3, status: 500 }),
        usageRow({ clientKeyId: 'ck_b', time: NOON + HOUR, inputTokens: 50_000, outputTokens: 1 }),
        usageRow({ clientKeyId: null, time: NOON + HOUR, inputTokens: 60_000, outputTokens: 1 }),
      ]);
      assert.equal(store.tokensUsedSince('ck_a', 0), 2130);
      assert.equal(store.tokensUsedSince('ck_a', NOON), 130, 'since is inclusive');
      assert.equal(store.tokensUsedSince('ck_a', NOON + 1), 10);
      assert.equal(store.tokensUsedSince('ck_a', NOON + HOUR + 1), 0);
      assert.equal(store.tokensUsedSince('ck_b', NOON), 50_001);
      assert.equal(store.tokensUsedSince('ck_unknown', 0), 0);
    });
  });

  it('usageSummary groups by UTC day, client key and model served, with exact totals and client names', () => {
    withStore((store) => {
      store.insertClientKey(clientKey({ id: 'ck_a', name: 'alpha', hash: 'a'.repeat(64) }));
      store.insertClientKey(clientKey({ id: 'ck_b', name: null, hash: 'b'.repeat(64) }));
      store.appendUsage([
        // day one, ck_a, gpt-4o-mini: 3 requests, one failed (429), one cut off (499)
        usageRow({ time: DAY_ONE - 11 * HOUR, clientKeyId: 'ck_a', modelServed: 'gpt-4o-mini', inputTokens: 10, outputTokens: 1, attempts: 1, latencyMs: 100 }),
        usageRow({ time: DAY_ONE, clientKeyId: 'ck_a', modelServed: 'gpt-4o-mini', inputTokens: 20, outputTokens: 2, attempts: 3, latencyMs: 200, status: 429 }),
        usageRow({ time: DAY_ONE + 11 * HOUR, clientKeyId: 'ck_a', modelServed: 'gpt-4o-mini', inputTokens: 30, outputTokens: 3, attempts: 1, latencyMs: 600, status: 499 }),
        // day one, ck_a, another model
        usageRow({ time: DAY_ONE, clientKeyId: 'ck_a', modelServed: 'claude-haiku', inputTokens: 5, outputTokens: 5, attempts: 2, latencyMs: 50 }),
        // day one, ck_b (no name), and no client key at all, with no model served (failed before serving)
        usageRow({ time: DAY_ONE, clientKeyId: 'ck_b', modelServed: 'gpt-4o-mini', inputTokens: 7, outputTokens: 0, latencyMs: 70 }),
        usageRow({ time: DAY_ONE, clientKeyId: null, modelServed: null, inputTokens: 0, outputTokens: 0, attempts: 4, latencyMs: 40, status: 503 }),
        // day two: the first instant of the UTC day belongs to it
        usageRow({ time: DAY_TWO - 12 * HOUR, clientKeyId: 'ck_a', modelServed: 'gpt-4o-mini', inputTokens: 1, outputTokens: 1, latencyMs: 10 }),
        // an unknown client key (deleted by hand) still counts, without a name
        usageRow({ time: DAY_TWO, clientKeyId: 'ck_gone', modelServed: 'gpt-4o-mini', inputTokens: 2, outputTokens: 2, latencyMs: 20 }),
      ]);

      const summary = store.usageSummary();
      assert.deepEqual(summary, [
        { day: '2025-06-15', clientKeyId: null, clientName: null, model: null, requests: 1, failed: 1, inputTokens: 0, outputTokens: 0, attempts: 4, avgLatencyMs: 40 },
        { day: '2025-06-15', clientKeyId: 'ck_a', clientName: 'alpha', model: 'claude-haiku', requests: 1, failed: 0, inputTokens: 5, outputTokens: 5, attempts: 2, avgLatencyMs: 50 },
        { day: '2025-06-15', clientKeyId: 'ck_a', clientName: 'alpha', model: 'gpt-4o-mini', requests: 3, failed: 2, inputTokens: 60, outputTokens: 6, attempts: 5, avgLatencyMs: 300 },
        { day: '2025-06-15', clientKeyId: 'ck_b', clientName: null, model: 'gpt-4o-mini', requests: 1, failed: 0, inputTokens: 7, outputTokens: 0, attempts: 1, avgLatencyMs: 70 },
        { day: '2025-06-16', clientKeyId: 'ck_a', clientName: 'alpha', model: 'gpt-4o-mini', requests: 1, failed: 0, inputTokens: 1, outputTokens: 1, attempts: 1, avgLatencyMs: 10 },
        { day: '2025-06-16', clientKeyId: 'ck_gone', clientName: null, model: 'gpt-4o-mini', requests: 1, failed: 0, inputTokens: 2, outputTokens: 2, attempts: 1, avgLatencyMs: 20 },
      ]);

      assert.deepEqual(
        store.usageSummary({ clientKeyId: 'ck_a' }).map((row) => [row.day, row.model, row.requests]),
        [
          ['2025-06-15', 'claude-haiku', 1],
          ['2025-06-15', 'gpt-4o-mini', 3],
          ['2025-06-16', 'gpt-4o-mini', 1],
        ],
      );
      assert.deepEqual(
        store.usageSummary({ since: DAY_TWO - 12 * HOUR }).map((row) => [row.day, row.clientKeyId]),
        [
          ['2025-06-16', 'ck_a'],
          ['2025-06-16', 'ck_gone'],
        ],
      );
      assert.deepEqual(
        store.usageSummary({ until: DAY_TWO - 12 * HOUR, clientKeyId: 'ck_a' }).map((row) => [row.day, row.model, row.requests]),
        [
          ['2025-06-15', 'claude-haiku', 1],
          ['2025-06-15', 'gpt-4o-mini', 3],
        ],
      );
    });
  });

  it('the summary of an empty store is empty', () => {
    withStore((store) => assert.deepEqual(store.usageSummary(), []));
  });
});
