import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { ApiError } from '@google/genai';
import { seededRandom } from '../../src/core/seeded-random.js';
import { ANTHROPIC_SDK } from './support/anthropic-calls.js';
import { expectAnswer, expectRefusal } from './support/call-outcome.js';
import { GEMINI_SDK } from './support/gemini-calls.js';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';
import { inParallel } from './support/in-parallel.js';
import { startKeySwitch, type KeySwitch } from './support/key-switch.js';
import { attemptsWith, outcomes } from './support/mock-attempts.js';
import { OPENAI_SDK } from './support/openai-calls.js';

const MODEL = OPENAI_SDK.model;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('routing: weights, order, other formats and the circuit breaker', () => {
  const BREAKER = { failureThreshold: 3, openMs: 400 };
  let rig: Rig;
  let keySwitch: KeySwitch;
  const keys: Record<string, string> = {};
  /** What the provider sees instead of the guarded target's key while that target is broken. */
  let brokenStandIn = '';

  before(async () => {
    keySwitch = await startKeySwitch();
    rig = await startRig(
      (mock) => {
        keySwitch.forwardTo(mock.url);
        for (const name of ['heavy', 'light', 'first', 'second', 'guarded', 'backup']) keys[name] = mock.issueKey('openai');
        keys.claude = mock.issueKey('anthropic');
        brokenStandIn = mock.issueKey('openai', 'server_error');
        const openai = (name: string, baseUrl?: string) => ({ name, provider: 'openai' as const, keys: [keys[name]!], ...(baseUrl ? { baseUrl } : {}) });
        return gatewayConfig(
          mock,
          [openai('heavy'), openai('light'), openai('first'), openai('second'), openai('guarded', keySwitch.url + mock.baseUrls.openai.slice(mock.url.length)), openai('backup'), { name: 'claude', provider: 'anthropic', keys: [keys.claude] }],
          [
            { model: 'weighted', targets: [{ upstream: 'heavy', model: MODEL, weight: 3 }, { upstream: 'light', model: MODEL, weight: 1 }] },
            { model: 'ordered', targets: [{ upstream: 'first', model: MODEL }, { upstream: 'second', model: MODEL }] },
            { model: 'guarded', targets: [{ upstream: 'guarded', model: MODEL }, { upstream: 'backup', model: MODEL }], policies: { attemptsPerTarget: 1, breaker: BREAKER } },
            { model: 'claude-only', targets: [{ upstream: 'claude', model: ANTHROPIC_SDK.model }] },
          ],
        );
      },
      undefined,
      {},
      seededRandom(7),
    );
  });

  after(async () => {
    await rig?.close();
    await keySwitch?.close();
  });

  it('weights 3:1 spread the first tries of 200 requests about 3:1', async () => {
    const call = OPENAI_SDK.throughGateway(rig.gateway.url);
    const answers = (await inParallel(200, 10, () => call('weighted', 'plain'))).map((outcome, i) => expectAnswer(outcome, `request ${i}`));
    assert.ok(answers.every((answer) => answer.headers['x-llmdoctor-attempts'] === '1'));
    const heavy = attemptsWith(rig.mock, keys.heavy!).length;
    const light = attemptsWith(rig.mock, keys.light!).length;
    assert.equal(heavy + light, 200);
    assert.equal(answers.filter((answer) => answer.headers['x-llmdoctor-upstream'] === 'heavy').length, heavy);
    // Binomial(200, 0.75): a standard deviation of 6; 20 is over three of them
    assert.ok(Math.abs(heavy - 150) <= 20, `heavy took ${heavy} of 200 first tries`);
  });

  it('targets without weights are tried in their order: the second only when the first fails', async () => {
    const call = OPENAI_SDK.throughGateway(rig.gateway.url);
    const answers = (await inParallel(20, 5, () => call('ordered', 'plain'))).map((outcome, i) => expectAnswer(outcome, `request ${i}`));
    assert.ok(answers.every((answer) => answer.headers['x-llmdoctor-upstream'] === 'first'));
    assert.equal(attemptsWith(rig.mock, keys.first!).length, 20);
    assert.equal(attemptsWith(rig.mock, keys.second!).length, 0);
  });

  it('a route whose targets speak another format: a 404 in the caller\'s format that names the format', async () => {
    const before = rig.mock.attempts().length;
    const openai = expectRefusal(await OPENAI_SDK.throughGateway(rig.gateway.url)('claude-only', 'plain'), 'openai call');
    assert.ok(openai.error instanceof OpenAI.NotFoundError);
    assert.equal(openai.status, 404);
    assert.match(openai.message ?? '', /^No upstream serves claude-only in the openai format\./);
    assert.doesNotMatch(openai.message ?? '', /no route for claude-only/, 'the route exists: its targets speak another format');
    assert.equal(openai.llmdoctor?.category, 'model_not_found');
    assert.equal(openai.headers['x-llmdoctor-attempts'], '0');
    assert.equal(openai.headers['x-should-retry'], 'false');

    const gemini = expectRefusal(await GEMINI_SDK.throughGateway(rig.gateway.url)('claude-only', 'plain'), 'gemini call');
    assert.ok(gemini.error instanceof ApiError);
    assert.equal(gemini.status, 404);
    assert.match(gemini.message ?? '', /^No upstream serves claude-only in the gemini format\./);
    assert.equal(rig.mock.attempts().length, before, 'nothing was sent upstream');

    // The same route in its own format is served
    const claude = expectAnswer(await ANTHROPIC_SDK.throughGateway(rig.gateway.url)('claude-only', 'plain'), 'anthropic call');
    assert.equal(claude.headers['x-llmdoctor-upstream'], 'claude');
  });

  it('circuit breaker: after 3 failures in a row the broken target gets no traffic; a trial after openMs brings it back once it works', async () => {
    const call = OPENAI_SDK.throughGateway(rig.gateway.url);
    const breakerState = () => rig.gateway.breakers.states().find((state) => state.id === `guarded/${MODEL}`)?.state;
    const brokenAttempts = () => attemptsWith(rig.mock, brokenStandIn).length;
    const servedBy = async (expected: string, attempts: string) => {
      const answer = expectAnswer(await call('guarded', 'plain'), 'guarded call');
      assert.deepEqual([answer.headers['x-llmdoctor-upstream'], answer.headers['x-llmdoctor-attempts']], [expected, attempts]);
    };

    keySwitch.swap(keys.guarded!, brokenStandIn);
    for (let i = 0; i < BREAKER.failureThreshold; i++) await servedBy('backup', '2');
    assert.equal(brokenAttempts(), BREAKER.failureThreshold);
    assert.equal(breakerState(), 'open');
    for (let i = 0; i < 5; i++) await servedBy('backup', '1');
    assert.equal(brokenAttempts(), BREAKER.failureThreshold, 'an open breaker sends the broken target nothing');

    // Still broken when the trial goes: the trial fails and the breaker opens again
    await sleep(BREAKER.openMs + 50);
    await servedBy('backup', '2');
    assert.equal(brokenAttempts(), BREAKER.failureThreshold + 1, 'one trial request');
    assert.equal(breakerState(), 'open');
    await servedBy('backup', '1');

    // Working again: the next trial succeeds and the target takes its traffic back
    keySwitch.swap(keys.guarded!, null);
    await sleep(BREAKER.openMs + 50);
    await servedBy('guarded', '1');
    assert.equal(breakerState(), 'closed');
    for (let i = 0; i < 3; i++) await servedBy('guarded', '1');
    assert.deepEqual(outcomes(attemptsWith(rig.mock, keys.guarded!)), [200, 200, 200, 200]);
    assert.equal(brokenAttempts(), BREAKER.failureThreshold + 1);
  });
});

describe('routing: a model no route names passes through to the upstreams of the caller\'s format, in config order', () => {
  let rig: Rig;
  const keys: Record<string, string> = {};

  before(async () => {
    rig = await startRig((mock) => {
      keys.claude = mock.issueKey('anthropic');
      keys.missing = mock.issueKey('openai', 'model_not_found');
      keys.serving = mock.issueKey('openai');
      keys.later = mock.issueKey('openai');
      keys.gemini = mock.issueKey('gemini');
      return gatewayConfig(mock, [
        { name: 'claude', provider: 'anthropic', keys: [keys.claude] },
        { name: 'no-such-model', provider: 'openai', keys: [keys.missing] },
        { name: 'serving', provider: 'openai', keys: [keys.serving] },
        { name: 'later', provider: 'openai', keys: [keys.later] },
        { name: 'gemini', provider: 'gemini', keys: [keys.gemini] },
      ]);
    });
  });

  after(() => rig?.close());

  it('OpenAI format: the openai upstreams in order, the model unchanged; other formats untouched', async () => {
    const answer = expectAnswer(await OPENAI_SDK.throughGateway(rig.gateway.url)('gpt-4o', 'plain'), 'passthrough');
    assert.equal(answer.headers['x-llmdoctor-upstream'], 'serving');
    assert.equal(answer.headers['x-llmdoctor-attempts'], '2');
    assert.equal(answer.headers['x-llmdoctor-model'], 'gpt-4o', 'passed through unchanged');
    assert.deepEqual(outcomes(attemptsWith(rig.mock, keys.missing!)), [404]);
    assert.deepEqual(outcomes(attemptsWith(rig.mock, keys.serving!)), [200]);
    assert.equal(attemptsWith(rig.mock, keys.later!).length, 0, 'the first upstream that serves ends the search');
    assert.equal(attemptsWith(rig.mock, keys.claude!).length + attemptsWith(rig.mock, keys.gemini!).length, 0);
  });

  it('Anthropic and Gemini formats: their own upstreams only', async () => {
    const claude = expectAnswer(await ANTHROPIC_SDK.throughGateway(rig.gateway.url)(ANTHROPIC_SDK.model, 'plain'), 'anthropic passthrough');
    assert.deepEqual([claude.headers['x-llmdoctor-upstream'], claude.headers['x-llmdoctor-model']], ['claude', ANTHROPIC_SDK.model]);
    const gemini = expectAnswer(await GEMINI_SDK.throughGateway(rig.gateway.url)(GEMINI_SDK.model, 'stream'), 'gemini passthrough');
    assert.deepEqual([gemini.headers['x-llmdoctor-upstream'], gemini.headers['x-llmdoctor-model']], ['gemini', GEMINI_SDK.model]);
    assert.deepEqual(outcomes(attemptsWith(rig.mock, keys.claude!)), [200]);
    assert.deepEqual(outcomes(attemptsWith(rig.mock, keys.gemini!)), [200]);
  });
});
