import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { Diagnosis } from '../../src/core/diagnosis.js';
import { createResilientFetch, type AttemptEvent } from '../../src/gateway/resilient-fetch.js';
import { decideRetry } from '../../src/gateway/retry-decision.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';

const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

describe('resilient fetch with the official SDKs', () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock({ seed: 21 });
  });
  after(() => mock.close());

  it('an empty wallet (429 insufficient_quota) is tried once, and the SDK does not retry it either', async () => {
    mock.reset();
    const events: AttemptEvent[] = [];
    const client = new OpenAI({ apiKey: mock.issueKey('openai', 'billing'), baseURL: mock.baseUrls.openai, fetch: createResilientFetch({ ...fast, onAttempt: (e) => events.push(e) }) });
    const error = await client.chat.completions.create(ask).catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(mock.attempts().length, 1, 'one request reached the provider');
    assert.equal(events[0]?.diagnosis.category, 'billing');
    assert.equal(events[0]?.decision.retry, false);
  });

  it('for contrast: the SDK alone retries that same 429 twice', async () => {
    mock.reset();
    const client = new OpenAI({ apiKey: mock.issueKey('openai', 'billing'), baseURL: mock.baseUrls.openai, maxRetries: 2 });
    await client.chat.completions.create(ask).catch(() => undefined);
    assert.equal(mock.attempts().length, 3);
  });

  it('a revoked key, a bad request, a missing model: one attempt each', async () => {
    for (const scenario of ['key_revoked', 'bad_request', 'model_not_found'] as const) {
      mock.reset();
      const client = new OpenAI({ apiKey: mock.issueKey('openai', scenario), baseURL: mock.baseUrls.openai, fetch: createResilientFetch(fast) });
      await client.chat.completions.create(ask).catch(() => undefined);
      assert.equal(mock.attempts().length, 1, scenario);
    }
  });

  it('a persistent overload is retried up to the attempt limit, then returned with what happened', async () => {
    mock.reset();
    const raw = await createResilientFetch({ ...fast, maxAttempts: 3 })(`${mock.baseUrls.openai}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mock.issueKey('openai', 'overloaded')}`, 'content-type': 'application/json' },
      body: JSON.stringify(ask),
    });
    assert.equal(raw.status, 503);
    assert.equal(raw.headers.get('x-should-retry'), 'false');
    assert.equal(raw.headers.get('x-llmdoctor-category'), 'overloaded');
    assert.equal(raw.headers.get('x-llmdoctor-attempts'), '3');
    assert.match(await raw.text(), /overloaded/);
    assert.equal(mock.attempts().length, 3);
  });

  it('the aborted caller is not retried', async () => {
    const controller = new AbortController();
    const pending = createResilientFetch(fast)(`${mock.baseUrls.openai}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mock.issueKey('openai', 'timeout')}`, 'content-type': 'application/json' },
      body: JSON.stringify(ask),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
  });
});

describe('resilient fetch under injected faults', () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock({ seed: 4, faults: 'overloaded=0.25,server_error=0.1,reset=0.1,rate_limited=0.05' });
  });
  after(() => mock.close());

  it('every request that could succeed succeeds, through OpenAI and Anthropic SDKs, retrying only transient faults', async () => {
    const events: AttemptEvent[] = [];
    const fetch = createResilientFetch({ ...fast, maxAttempts: 8, onAttempt: (e) => events.push(e) });
    const openai = new OpenAI({ apiKey: mock.issueKey('openai'), baseURL: mock.baseUrls.openai, maxRetries: 0, fetch });
    const anthropic = new Anthropic({ apiKey: mock.issueKey('anthropic'), baseURL: mock.baseUrls.anthropic, maxRetries: 0, fetch });
    for (let i = 0; i < 15; i++) {
      const chat = await openai.chat.completions.create(ask);
      assert.ok(chat.choices[0]?.message.content);
      const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(message.type, 'message');
    }
    assert.ok(events.length > 0, 'faults were met');
    assert.ok(events.every((e) => e.diagnosis.retryable), `only transient faults were retried: ${[...new Set(events.map((e) => e.diagnosis.category))].join(', ')}`);
    assert.ok(events.some((e) => e.status === null), 'a connection reset was among them');
  });
});

describe('retry decision', () => {
  const diagnosis = (category: Diagnosis['category'], retryable: boolean, retryAfterMs: number | null): Diagnosis => ({
    category, provider: 'openai', retryable, retryAfterMs, title: '', cause: '', fixes: [], evidence: [],
  });
  const settings = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000, totalBudgetMs: 120_000 };

  it('waits what the provider said, over the backoff', () => {
    assert.deepEqual(decideRetry(diagnosis('rate_limited', true, 1_500), 1, 0, settings), { retry: true, delayMs: 1_500, reason: 'rate_limited: waiting what the provider asked 1500 ms' });
  });

  it('backs off with full jitter, doubling the ceiling each attempt', () => {
    const top = () => 0.999_999;
    const delays = [1, 2, 3].map((attempt) => (decideRetry(diagnosis('overloaded', true, null), attempt, 0, settings, top) as { delayMs: number }).delayMs);
    assert.deepEqual(delays, [500, 1_000, 2_000]);
  });

  it('never retries what cannot pass, nor waits longer than allowed', () => {
    assert.equal(decideRetry(diagnosis('billing', false, null), 1, 0, settings).retry, false);
    assert.equal(decideRetry(diagnosis('rate_limited', true, 3_600_000), 1, 0, settings).retry, false);
    assert.equal(decideRetry(diagnosis('server_error', true, null), 4, 0, settings).retry, false);
    assert.equal(decideRetry(diagnosis('server_error', true, 5_000), 1, 118_000, settings).retry, false);
  });
});

describe('resilient fetch judges a rejected key by the key it carried', () => {
  it('an Anthropic key sent to Gemini comes back as key_wrong_provider', async () => {
    const mock = await startMock();
    try {
      const events: AttemptEvent[] = [];
      const anthropicKey = mock.issueKey('anthropic');
      const response = await createResilientFetch({ onAttempt: (e) => events.push(e) })(`${mock.baseUrls.gemini}/v1beta/models`, { headers: { 'x-goog-api-key': anthropicKey } });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('x-llmdoctor-category'), 'key_wrong_provider');
      assert.ok(!JSON.stringify(events).includes(anthropicKey));
    } finally {
      await mock.close();
    }
  });
});
