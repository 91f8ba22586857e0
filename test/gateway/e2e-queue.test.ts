import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import { gatewayConfig, startRig, type LimitOverrides, type Rig } from './support/harness.js';
import type { RelayedRequest } from './support/recording-relay.js';
import { relayBaseUrl, startRelayedRig, type RelayedRig } from './support/relayed-rig.js';
import { postJson } from './support/sse-text.js';

/**
 * Concurrency budgets and the bounded queue: requests wait for a key with room instead of failing;
 * only a full queue or an expired wait answers 429, with Retry-After, in the caller's format. Rate
 * limits the provider announces (a 429's retry-after, or a remaining count of 0) rest the key.
 */

const LIMIT = { timeout: 15_000 };
const ask = { messages: [{ role: 'user' as const, content: 'One at a time.' }] };

/** Whether two requests on the relay overlapped in time. */
function overlap(a: RelayedRequest, b: RelayedRequest): boolean {
  return a.startedAt < (b.endedAt ?? Infinity) && b.startedAt < (a.endedAt ?? Infinity);
}

describe('e2e queue: keys with maxInFlight 1 and a slow provider', () => {
  let rig: RelayedRig;
  const keys: string[] = [];

  before(async () => {
    rig = await startRelayedRig(
      (mock, relay) => {
        keys.push(mock.issueKey('openai'), mock.issueKey('openai'));
        return gatewayConfig(mock, [{ name: 'pair', provider: 'openai', keys, keyBudgets: { maxInFlight: 1 }, baseUrl: relayBaseUrl(relay, mock, 'openai') }]);
      },
      undefined,
      { firstTokenMs: 60 },
    );
  });
  after(() => rig?.close());

  it('10 concurrent requests all succeed by waiting their turn, never more than one per key upstream', LIMIT, async () => {
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 10 }, () => openai.chat.completions.create({ model: 'gpt-4o-mini', ...ask }).withResponse()));
    const elapsed = Date.now() - started;
    assert.equal(answers.length, 10);
    for (const { data, response } of answers) {
      assert.equal(response.status, 200);
      assert.ok(data.choices[0]!.message.content);
      assert.equal(response.headers.get('x-llmdoctor-attempts'), '1');
    }
    const relayed = rig.relay.requests;
    assert.equal(relayed.length, 10, 'each request reached the provider once');
    assert.equal(rig.relay.maxConcurrent(), 2, 'two keys, one request each');
    for (const key of keys) {
      const mine = relayed.filter((r) => r.headers.authorization === `Bearer ${key}`);
      assert.equal(mine.length, 5, 'the two keys share the load');
      for (const [i, a] of mine.entries()) for (const b of mine.slice(i + 1)) assert.ok(!overlap(a, b), 'one request at a time per key');
    }
    assert.ok(elapsed >= 5 * 60, `five turns of 60 ms (${elapsed} ms)`);
    assert.ok(rig.mock.attempts().every((a) => a.outcome === 200));
    assert.equal(rig.gateway.upstreams.get('pair')!.queue.depth(), 0, 'no request left waiting');
  });
});

/** A gateway with one key per format (maxInFlight 1) and the given limits, in front of a mock that takes `firstTokenMs` per answer. */
async function busyRig(limits: LimitOverrides, firstTokenMs: number): Promise<Rig> {
  return startRig(
    (mock) =>
      gatewayConfig(
        mock,
        (['openai', 'anthropic', 'gemini'] as const).map((provider) => ({ name: provider, provider, keys: [mock.issueKey(provider)], keyBudgets: { maxInFlight: 1 } })),
        [],
        {},
        limits,
      ),
    undefined,
    { firstTokenMs },
  );
}

interface Outcome {
  status: number;
  retryAfter: string | null;
  category: string | null;
  body: Record<string, unknown>;
}

/** One request in a format, raw, so the 429's headers and body are seen as sent. */
async function ask429(url: string, family: 'openai' | 'anthropic' | 'gemini'): Promise<Outcome> {
  const answer =
    family === 'openai'
      ? await postJson(`${url}/v1/chat/completions`, { model: 'gpt-4o-mini', ...ask })
      : family === 'anthropic'
        ? await postJson(`${url}/v1/messages`, { model: 'claude-haiku-4-5', max_tokens: 50, ...ask }, { 'anthropic-version': '2023-06-01' })
        : await postJson(`${url}/v1beta/models/gemini-2.5-flash:generateContent`, { contents: [{ role: 'user', parts: [{ text: 'One at a time.' }] }] });
  return { status: answer.status, retryAfter: answer.headers.get('retry-after'), category: answer.headers.get('x-llmdoctor-category'), body: JSON.parse(answer.text) as Record<string, unknown> };
}

/** The 429 body as each format's SDK reads it. */
function assertRateLimitShape(family: 'openai' | 'anthropic' | 'gemini', body: Record<string, unknown>, title: string): void {
  const error = body.error as Record<string, unknown>;
  const note = error.llmdoctor as Record<string, unknown>;
  assert.equal(note.category, 'rate_limited');
  assert.equal(note.title, title);
  if (family === 'openai') assert.deepEqual([error.type, error.code], ['requests', 'rate_limit_exceeded']);
  if (family === 'anthropic') {
    assert.equal(body.type, 'error');
    assert.equal(error.type, 'rate_limit_error');
  }
  if (family === 'gemini') {
    assert.equal(error.code, 429);
    assert.equal(error.status, 'RESOURCE_EXHAUSTED');
  }
}

describe('e2e queue: a full queue answers 429 at once', () => {
  let rig: Rig;
  before(async () => {
    rig = await busyRig({ queue: { maxSize: 2 } }, 150);
  });
  after(() => rig?.close());

  for (const family of ['openai', 'anthropic', 'gemini'] as const) {
    it(`${family}: with queue.maxSize 2, one in flight, two wait, the other two get 429 with Retry-After`, LIMIT, async () => {
      const from = rig.mock.attempts().length;
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => ask429(rig.gateway.url, family)));
      assert.deepEqual(outcomes.map((o) => o.status).sort(), [200, 200, 200, 429, 429]);
      for (const refused of outcomes.filter((o) => o.status === 429)) {
        assert.match(refused.retryAfter ?? '', /^[1-9]\d*$/);
        assert.equal(refused.category, 'rate_limited');
        assertRateLimitShape(family, refused.body, 'The gateway\'s queue is full');
      }
      // The refused requests never reached the provider
      assert.equal(rig.mock.attempts().length - from, 3);
    });
  }

  it('the SDKs raise their rate-limit errors for the full queue', LIMIT, async () => {
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const settled = await Promise.allSettled(Array.from({ length: 4 }, () => openai.chat.completions.create({ model: 'gpt-4o-mini', ...ask })));
    const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof OpenAI.RateLimitError);
    assert.match(errors[0].headers?.get('retry-after') ?? '', /^[1-9]\d*$/);

    const anthropic = new Anthropic({ baseURL: rig.gateway.url, apiKey: 'unused', maxRetries: 0 });
    const anthropicSettled = await Promise.allSettled(Array.from({ length: 4 }, () => anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, ...ask })));
    const anthropicErrors = anthropicSettled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    assert.equal(anthropicErrors.length, 1);
    assert.ok(anthropicErrors[0] instanceof Anthropic.RateLimitError);
  });
});

describe('e2e queue: a wait past queue.maxWaitMs answers 429', () => {
  let rig: Rig;
  before(async () => {
    rig = await busyRig({ queue: { maxWaitMs: 150 } }, 800);
  });
  after(() => rig?.close());

  it('the second request waits 150 ms for the only key, then gets 429 with Retry-After', LIMIT, async () => {
    const first = ask429(rig.gateway.url, 'openai');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    const second = await ask429(rig.gateway.url, 'openai');
    const waited = Date.now() - started;
    assert.equal(second.status, 429);
    assert.match(second.retryAfter ?? '', /^[1-9]\d*$/);
    assertRateLimitShape('openai', second.body, 'No key had room before the wait ended');
    assert.ok(waited >= 140 && waited < 700, `waited the queue's limit, not the key (${waited} ms)`);
    assert.equal((await first).status, 200);
    assert.equal(rig.mock.attempts().length, 1);
  });
});

describe('e2e queue: limits the provider announces', () => {
  let rig: Rig;
  let limited = '';
  let metered = '';
  before(async () => {
    rig = await startRig(
      (mock) => {
        limited = mock.issueKey('openai', 'rate_limited:requests');
        metered = mock.issueKey('openai');
        return gatewayConfig(
          mock,
          [
            { name: 'limited', provider: 'openai', keys: [limited] },
            { name: 'metered', provider: 'openai', keys: [metered] },
          ],
          [
            { model: 'limited', targets: [{ upstream: 'limited', model: 'gpt-4o-mini' }] },
            { model: 'metered', targets: [{ upstream: 'metered', model: 'gpt-4o-mini' }] },
          ],
          {},
          { queue: { maxWaitMs: 200 } },
        );
      },
      undefined,
      // 5 requests a minute: a refusal asks for 12 s, and the fifth answer says none is left
      { requestsPerMinute: 5 },
    );
  });
  after(() => rig?.close());

  it('a rate-limited key without fallback: the 429 carries the provider\'s retry-after, and the key is not hammered', LIMIT, async () => {
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    for (let i = 0; i < 3; i++) {
      const error = await openai.chat.completions.create({ model: 'limited', ...ask }).catch((e: unknown) => e);
      assert.ok(error instanceof OpenAI.RateLimitError, String(error));
      const retryAfter = Number(error.headers?.get('retry-after'));
      assert.ok(retryAfter >= 11 && retryAfter <= 12, `the provider's 12 s (got ${retryAfter})`);
      assert.equal(error.headers?.get('x-llmdoctor-category'), 'rate_limited');
    }
    const attempts = rig.mock.attempts().filter((a) => a.keyFingerprint === fingerprint(limited));
    assert.deepEqual(attempts.map((a) => a.outcome), [429], 'one refusal; later requests wait on the resting key instead of asking again');
    const [snapshot] = rig.gateway.upstreams.get('limited')!.pool.snapshot();
    assert.equal(snapshot!.health.state, 'cooling');
    const until = snapshot!.health.state === 'cooling' ? snapshot!.health.until : 0;
    assert.ok(until - Date.now() > 10_000 && until - Date.now() <= 12_000);
  });

  it('a key whose answer says no request is left rests until the reset instead of earning a 429', LIMIT, async () => {
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    for (let i = 0; i < 5; i++) {
      const { response } = await openai.chat.completions.create({ model: 'metered', ...ask }).withResponse();
      assert.equal(response.status, 200);
    }
    const error = await openai.chat.completions.create({ model: 'metered', ...ask }).catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.RateLimitError, String(error));
    const retryAfter = Number(error.headers?.get('retry-after'));
    assert.ok(retryAfter >= 50 && retryAfter <= 60, `until the announced reset (got ${retryAfter})`);
    const attempts = rig.mock.attempts().filter((a) => a.keyFingerprint === fingerprint(metered));
    assert.deepEqual(attempts.map((a) => a.outcome), [200, 200, 200, 200, 200], 'the sixth was never sent');
    const [snapshot] = rig.gateway.upstreams.get('metered')!.pool.snapshot();
    assert.equal(snapshot!.health.state, 'cooling');
    assert.match(snapshot!.health.state === 'cooling' ? snapshot!.health.reason : '', /reset the provider announced/);
  });
});
