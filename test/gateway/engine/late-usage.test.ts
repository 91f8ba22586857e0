import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { AnswerHomes } from '../../../src/gateway/engine/answer-homes.js';
import { LateUsage, type LateCount } from '../../../src/gateway/engine/late-usage.js';
import { closeUpstream, createUpstream, type Upstream } from '../../../src/gateway/engine/upstream.js';
import type { KeyLease } from '../../../src/gateway/pool/types.js';
import { startMock, type RunningMock } from '../../../src/mock/start-mock.js';
import { gatewayConfig } from '../support/harness.js';
import { waitUntil } from '../support/ops-wait.js';

/**
 * The follower of background responses, on a real key pool against the mock: a key busy with client traffic makes a
 * look wait its turn, and never counts as a failed look (only a key out of rotation does).
 */
describe('late usage: looks wait for a busy key', () => {
  let mock: RunningMock;
  let upstream: Upstream;
  let key: string;

  before(async () => {
    mock = await startMock({ port: 0, firstTokenMs: 20, tokensPerSecond: 400 });
    key = mock.issueKey('openai');
    const config = gatewayConfig(mock, [{ name: 'pool', provider: 'openai', keys: [key], keyBudgets: { maxInFlight: 1 } }]);
    upstream = createUpstream(config.upstreams[0]!, config);
  });
  after(async () => {
    await closeUpstream(upstream);
    await mock.close();
  });

  it('counts the answer once the key has room, after as many waits as it took, without giving up', { timeout: 10_000 }, async () => {
    const created = await new OpenAI({ baseURL: mock.baseUrls.openai, apiKey: key, maxRetries: 0 }).responses.create({ model: 'gpt-4o-mini', input: 'Hello.', background: true });
    const homes = new AnswerHomes(100);
    homes.remember(created.id, { upstream: 'pool', keyIndex: 0, client: 'ck_a', usageUncounted: true });
    const counted: LateCount[] = [];
    const gaveUp: string[] = [];
    const late = new LateUsage({
      upstreams: new Map([['pool', upstream]]),
      homes,
      timing: { firstCheckMs: 10, maxCheckIntervalMs: 20, giveUpAfterMs: 60_000, checkTimeoutMs: 5_000, maxFollowed: 10 },
      counted: (count) => counted.push(count),
      gaveUp: (answerId, reason) => gaveUp.push(`${answerId}: ${reason}`),
    });
    const busy = upstream.pool.acquire(0) as KeyLease;
    assert.ok('secret' in busy, 'the test holds the only key');
    const attemptsBefore = mock.attempts().length;
    late.follow({ answerId: created.id, upstream: 'pool', keyIndex: 0, clientKeyId: 'ck_a', madeAt: Date.now() });
    // Well over 5 looks' worth of time with the key busy
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(gaveUp, [], 'a busy key is no failed look');
    assert.equal(counted.length, 0);
    assert.equal(mock.attempts().length, attemptsBefore, 'nothing was sent while the key was busy');
    upstream.pool.release(busy, { kind: 'neutral' });
    await waitUntil('counted once the key had room', () => (counted.length > 0 ? true : undefined));
    const { usage } = await new OpenAI({ baseURL: mock.baseUrls.openai, apiKey: key, maxRetries: 0 }).responses.retrieve(created.id);
    assert.deepEqual(counted.map((count) => [count.answerId, count.clientKeyId, count.usage.inputTokens, count.usage.outputTokens, count.operation]), [
      [created.id, 'ck_a', usage!.input_tokens, usage!.output_tokens, 'responses.get'],
    ]);
    assert.equal(homes.homeOf(created.id)?.usageUncounted, undefined, 'the home is counted: a client read counts nothing more');
    late.close();
  });
});
