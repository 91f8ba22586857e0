import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';
import { RecordLog } from './support/record-log.js';

/**
 * The gateway's own clocks: a silent upstream (accepted, never answered), a first token that takes
 * too long, a route that allows a slow reasoning model more time, and the request's total budget.
 * undici checks these limits on a coarse clock (ticks of about half a second), so upper bounds
 * allow a second of slack; lower bounds are exact.
 */

const SLOW_FIRST_TOKEN_MS = 1_500;
const RESPONSE_MS = 400;
const FIRST_TOKEN_MS = 300;
const TOTAL_MS = 1_500;
/** The whole-answer limit of the route whose slow target has nowhere to fail over to: above the slow first token. */
const ALONE_RESPONSE_MS = 2_500;
const SLACK_MS = 1_000;
const LIMIT = { timeout: 10_000 };
const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'Think it over.' }] });

describe('e2e: time limits', () => {
  let rig: Rig;
  let openai: OpenAI;
  const log = new RecordLog();
  const keys = { silent: '', slow: '', ok: '', hang1: '', hang2: '', hang3: '' };

  before(async () => {
    rig = await startRig(
      (mock) => {
        keys.silent = mock.issueKey('openai', 'timeout');
        keys.slow = mock.issueKey('openai', 'slow_first_token');
        keys.ok = mock.issueKey('openai');
        keys.hang1 = mock.issueKey('openai', 'timeout');
        keys.hang2 = mock.issueKey('openai', 'timeout');
        keys.hang3 = mock.issueKey('openai', 'timeout');
        return gatewayConfig(
          mock,
          Object.entries(keys).map(([name, key]) => ({ name, provider: 'openai' as const, keys: [key] })),
          [
            { model: 'silent-then-ok', targets: [{ upstream: 'silent', model: 'gpt-4o' }, { upstream: 'ok', model: 'gpt-4o-mini' }], policies: { attemptsPerTarget: 2, timeouts: { responseMs: RESPONSE_MS } } },
            { model: 'chat', targets: [{ upstream: 'slow', model: 'gpt-4o' }, { upstream: 'ok', model: 'gpt-4o-mini' }], policies: { attemptsPerTarget: 1, timeouts: { firstTokenMs: FIRST_TOKEN_MS } } },
            { model: 'reasoning', targets: [{ upstream: 'slow', model: 'o3' }, { upstream: 'ok', model: 'gpt-4o-mini' }], policies: { attemptsPerTarget: 1, timeouts: { firstTokenMs: 5_000 } } },
            { model: 'slow-alone', targets: [{ upstream: 'slow', model: 'o3' }], policies: { attemptsPerTarget: 2, timeouts: { firstTokenMs: FIRST_TOKEN_MS, responseMs: ALONE_RESPONSE_MS } } },
            {
              model: 'all-hang',
              targets: [{ upstream: 'hang1', model: 'gpt-4o' }, { upstream: 'hang2', model: 'gpt-4o' }, { upstream: 'hang3', model: 'gpt-4o' }],
              policies: { attemptsPerTarget: 3, maxAttempts: 9, timeouts: { responseMs: RESPONSE_MS, totalMs: TOTAL_MS } },
            },
          ],
          { breaker: { failureThreshold: 1_000 } },
        );
      },
      { onRecord: log.onRecord },
      { slowFirstTokenMs: SLOW_FIRST_TOKEN_MS },
    );
    openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => rig?.close());

  it('a silent upstream is given up after responseMs, retried once on its target, then failed over', LIMIT, async () => {
    const from = rig.mock.attempts().length;
    const started = Date.now();
    const { data, response } = await openai.chat.completions.create(ask('silent-then-ok')).withResponse();
    const elapsed = Date.now() - started;
    assert.ok(data.choices[0]!.message.content);
    assert.equal(response.headers.get('x-llmdoctor-upstream'), 'ok');
    assert.equal(response.headers.get('x-llmdoctor-attempts'), '3');
    assert.ok(elapsed >= 2 * RESPONSE_MS, `two silent attempts waited (${elapsed} ms)`);
    assert.ok(elapsed < 2 * (RESPONSE_MS + SLACK_MS), `${elapsed} ms`);
    assert.deepEqual(
      rig.mock.attempts().slice(from).map((a) => [a.keyFingerprint, a.outcome]),
      [[fingerprint(keys.silent), 'timeout'], [fingerprint(keys.silent), 'timeout'], [fingerprint(keys.ok), 200]],
    );
    const record = await log.waitFor(response.headers.get('x-llmdoctor-request-id'));
    assert.deepEqual(record.categories, ['timeout', 'timeout']);
  });

  it('a slow first token fails a stream over to the next target long before the token comes', LIMIT, async () => {
    const started = Date.now();
    const { data: stream, response } = await openai.chat.completions.create({ ...ask('chat'), stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    const elapsed = Date.now() - started;
    assert.ok(text.length > 0);
    assert.equal(response.headers.get('x-llmdoctor-upstream'), 'ok');
    assert.equal(response.headers.get('x-llmdoctor-model'), 'gpt-4o-mini');
    assert.ok(elapsed >= FIRST_TOKEN_MS, `${elapsed} ms`);
    assert.ok(elapsed < SLOW_FIRST_TOKEN_MS, `did not wait for the slow token (${elapsed} ms)`);
    const record = await log.waitFor(response.headers.get('x-llmdoctor-request-id'));
    assert.deepEqual(record.attempts.map((a) => [a.upstream, a.category]), [['slow', 'timeout'], ['ok', null]]);
    assert.equal(record.resumed, false, 'nothing had reached the client: a plain failover');
  });

  it('a route for a reasoning model with a longer first-token limit waits and is served by the same slow target', LIMIT, async () => {
    const started = Date.now();
    const { data: stream, response } = await openai.chat.completions.create({ ...ask('reasoning'), stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    const elapsed = Date.now() - started;
    const record = await log.waitFor(response.headers.get('x-llmdoctor-request-id'));
    // The mock sends the opening role chunk at once, then thinks: only the route's first-token limit applies until the first token
    assert.deepEqual(record.attempts.map((a) => [a.upstream, a.category]), [['slow', null]]);
    assert.ok(text.length > 0);
    assert.equal(response.headers.get('x-llmdoctor-upstream'), 'slow');
    assert.equal(response.headers.get('x-llmdoctor-model'), 'o3');
    assert.equal(response.headers.get('x-llmdoctor-attempts'), '1');
    assert.ok(elapsed >= SLOW_FIRST_TOKEN_MS, `waited for the first token (${elapsed} ms)`);
    assert.ok(record.timeToFirstTokenMs !== null && record.timeToFirstTokenMs >= SLOW_FIRST_TOKEN_MS);
  });

  it('on a route with nowhere to fail over to, a stream waits for a slow first token as long as for a whole answer', LIMIT, async () => {
    const started = Date.now();
    const { data: stream, response } = await openai.chat.completions.create({ ...ask('slow-alone'), stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    const elapsed = Date.now() - started;
    assert.ok(text.length > 0);
    assert.ok(elapsed >= SLOW_FIRST_TOKEN_MS, `${elapsed} ms`);
    // Started over after FIRST_TOKEN_MS, the same slow target would never have answered within its two attempts
    assert.equal(response.headers.get('x-llmdoctor-attempts'), '1');
    const record = await log.waitFor(response.headers.get('x-llmdoctor-request-id'));
    assert.deepEqual(record.attempts.map((a) => [a.upstream, a.category]), [['slow', null]]);
  });

  it('the total time budget bounds a request whose targets all hang', LIMIT, async () => {
    const from = rig.mock.attempts().length;
    const started = Date.now();
    const error = await openai.chat.completions.create(ask('all-hang')).withResponse().catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    assert.ok(error instanceof OpenAI.APIError, String(error));
    assert.equal(error.status, 504);
    assert.equal(error.headers?.get('x-llmdoctor-category'), 'timeout');
    // No attempt starts after totalMs; the last one started may run its own responseMs (9 attempts would take over 4.5 s)
    assert.ok(elapsed >= 2 * RESPONSE_MS, `${elapsed} ms`);
    assert.ok(elapsed < TOTAL_MS + RESPONSE_MS + 2 * SLACK_MS, `bounded by the budget (${elapsed} ms)`);
    // (The slow target of the previous test logs its attempt only when its token is due: filter by key)
    const hanging = new Set([keys.hang1, keys.hang2, keys.hang3].map(fingerprint));
    const attempts = rig.mock.attempts().slice(from).filter((a) => hanging.has(a.keyFingerprint ?? ''));
    // Attempts start at 0, >= 400, >= 800, >= 1200 ms; none at 1600 or later
    assert.ok(attempts.length >= 2 && attempts.length <= Math.floor(TOTAL_MS / RESPONSE_MS) + 1, `${attempts.length} attempts`);
    assert.ok(attempts.every((a) => a.outcome === 'timeout'), JSON.stringify(attempts));
    assert.equal(error.headers?.get('x-llmdoctor-attempts'), String(attempts.length));
  });
});
