import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import type { ScenarioName } from '../../src/core/scenarios.js';
import type { Attempt } from '../../src/mock/attempts.js';
import { gatewayConfig, type RouteSpec, type UpstreamSpec } from './support/harness.js';
import { RecordLog } from './support/record-log.js';
import { relayBaseUrl, startRelayedRig, type RelayedRig } from './support/relayed-rig.js';
import { FAMILIES, mockAnswerText, prefillOf, PROMPT, streamFromGateway, type Family } from './support/stream-families.js';

/**
 * Streams through the gateway when the upstream breaks them: cut after the first tokens, stalled,
 * garbled, or missing its end marker. The upstreams sit behind a recording relay, so the tests see
 * the continuation requests the gateway sent (the mock itself keeps no bodies).
 */

const MODELS: Record<Family, { first: string; fallback: string }> = {
  openai: { first: 'gpt-4o', fallback: 'gpt-4o-mini' },
  anthropic: { first: 'claude-sonnet-4-5', fallback: 'claude-haiku-4-5' },
  gemini: { first: 'gemini-2.5-flash', fallback: 'gemini-2.5-flash-lite' },
};

/** The upstreams of each family, each with one key bound to a scenario ('ok' for a working one). */
const ROLES = {
  cut: 'stream_cut',
  ok: 'ok',
  reject: 'bad_request',
  stall: 'stream_stall',
  malformed: 'malformed_chunk',
  nodone: 'no_done',
  blocked: 'content_blocked',
} as const satisfies Record<string, ScenarioName>;
type Role = keyof typeof ROLES;

const STREAM_IDLE_MS = 300;
const LIMIT = { timeout: 10_000 };

describe('e2e: streams cut, stalled or garbled upstream', () => {
  let rig: RelayedRig;
  const log = new RecordLog();
  const keys = {} as Record<Family, Record<Role, string>>;
  /** A working key for asking the mock directly what it answers. */
  const directKeys = {} as Record<Family, string>;

  before(async () => {
    rig = await startRelayedRig((mock, relay) => {
      const upstreams: UpstreamSpec[] = [];
      const routes: RouteSpec[] = [];
      for (const family of FAMILIES) {
        keys[family] = {} as Record<Role, string>;
        directKeys[family] = mock.issueKey(family);
        for (const [role, scenario] of Object.entries(ROLES) as Array<[Role, ScenarioName]>) {
          keys[family][role] = scenario === 'ok' ? mock.issueKey(family) : mock.issueKey(family, scenario);
          upstreams.push({ name: `${family}-${role}`, provider: family, keys: [keys[family][role]], baseUrl: relayBaseUrl(relay, mock, family) });
        }
        const { first, fallback } = MODELS[family];
        const route = (name: string, a: Role, b: Role | null, policies: RouteSpec['policies'] = {}): RouteSpec => ({
          model: `${family}-${name}`,
          targets: [{ upstream: `${family}-${a}`, model: first }, ...(b ? [{ upstream: `${family}-${b}`, model: fallback }] : [])],
          // One attempt per target: the cut target is not tried again, the fallback continues
          policies: { attemptsPerTarget: 1, ...policies },
        });
        routes.push(
          route('resume', 'cut', 'ok'),
          route('rejected', 'cut', 'reject'),
          route('stall', 'stall', 'ok', { timeouts: { streamIdleMs: STREAM_IDLE_MS } }),
          route('malformed', 'malformed', 'ok'),
          route('nodone', 'nodone', 'ok'),
          route('blocked', 'blocked', 'ok'),
        );
      }
      // Each failed target keeps taking traffic: these tests count attempts, not the circuit breaker
      return gatewayConfig(mock, upstreams, routes, { breaker: { failureThreshold: 1_000 } });
    }, { onRecord: log.onRecord });
  });
  after(() => rig?.close());

  /** Mock attempts and relayed requests made from now on. */
  function since() {
    const attempts = rig.mock.attempts().length;
    const relayed = rig.relay.requests.length;
    return {
      attempts: (): Attempt[] => rig.mock.attempts().slice(attempts),
      relayed: () => rig.relay.requests.slice(relayed),
    };
  }

  for (const family of FAMILIES) {
    it(`${family}: a stream cut after its first tokens is resumed on the next target as one whole answer`, LIMIT, async () => {
      const window = since();
      const read = await streamFromGateway(rig.gateway.url, family, `${family}-resume`);
      assert.equal(read.answer.status, 200);
      assert.deepEqual(read.errors, []);
      if (family !== 'gemini') assert.equal(read.openings, 1, 'one opening (role chunk / message_start), not one per attempt');
      assert.equal(read.finishes, 1);
      assert.equal(read.markers, 1);
      if (family === 'anthropic') {
        assert.equal(read.events.filter((e) => e.event === 'content_block_start').length, 1);
        assert.equal(read.events.filter((e) => e.event === 'ping').length, 1);
      }
      // The end marker comes last
      const last = read.events.at(-1)!;
      if (family === 'openai') assert.equal(last.data, '[DONE]');
      if (family === 'anthropic') assert.equal(last.event, 'message_stop');
      if (family === 'gemini') assert.match(last.data, /"finishReason"/);

      // The mock: the cut key once, then the fallback's key once
      assert.deepEqual(
        window.attempts().map((a) => [a.keyFingerprint, a.outcome]),
        [[fingerprint(keys[family].cut), 'stream_cut'], [fingerprint(keys[family].ok), 200]],
      );
      // The continuation carried the partial text as an assistant prefill; the first request had none
      const [firstRequest, continuation] = window.relayed();
      assert.equal(window.relayed().length, 2);
      assert.equal(prefillOf(family, firstRequest!.json), null);
      const prefill = prefillOf(family, continuation!.json);
      assert.ok(prefill !== null && prefill.length > 0, 'the continuation carries a prefill');
      // The prefill is the head of what the cut target was answering, and the client got it plus the continuation
      const whole = await mockAnswerText(rig.mock, family, MODELS[family].first, firstRequest!.json, directKeys[family]);
      assert.ok(whole.startsWith(prefill) && prefill.length < whole.length, `prefill ${JSON.stringify(prefill)} is the head of ${JSON.stringify(whole)}`);
      const continued = await mockAnswerText(rig.mock, family, MODELS[family].fallback, continuation!.json, directKeys[family]);
      assert.ok(continued.length > 0);
      assert.equal(read.text, prefill + continued);

      const record = await log.waitFor(read.answer.headers.get('x-llmdoctor-request-id'));
      assert.equal(record.resumed, true);
      assert.equal(record.status, 200);
      assert.equal(record.upstream, `${family}-ok`);
      assert.deepEqual(record.attempts.map((a) => [a.upstream, a.category]), [[`${family}-cut`, 'network_reset'], [`${family}-ok`, null]]);
    });
  }

  it('openai SDK: the resumed stream assembles into one final chat completion', LIMIT, async () => {
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const raw = await streamFromGateway(rig.gateway.url, 'openai', 'openai-resume');
    const stream = openai.chat.completions.stream({ model: 'openai-resume', messages: [{ role: 'user', content: PROMPT }] });
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices.length, 1);
    assert.equal(final.choices[0]!.message.content, raw.text);
    assert.equal(final.choices[0]!.finish_reason, 'stop');
  });

  it('anthropic SDK: the resumed stream assembles into one final message', LIMIT, async () => {
    const anthropic = new Anthropic({ baseURL: rig.gateway.url, apiKey: 'unused', maxRetries: 0 });
    const raw = await streamFromGateway(rig.gateway.url, 'anthropic', 'anthropic-resume');
    const message = await anthropic.messages.stream({ model: 'anthropic-resume', max_tokens: 200, messages: [{ role: 'user', content: PROMPT }] }).finalMessage();
    assert.equal(message.content.length, 1);
    assert.equal(message.content[0]!.type, 'text');
    assert.equal(message.content[0]!.type === 'text' && message.content[0]!.text, raw.text);
    assert.equal(message.stop_reason, 'end_turn');
  });

  it('gemini SDK: the resumed stream reads as one answer that finishes once', LIMIT, async () => {
    const gemini = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: rig.gateway.url } });
    const raw = await streamFromGateway(rig.gateway.url, 'gemini', 'gemini-resume');
    let text = '';
    const finishReasons: string[] = [];
    for await (const chunk of await gemini.models.generateContentStream({ model: 'gemini-resume', contents: [{ role: 'user', parts: [{ text: PROMPT }] }] })) {
      text += chunk.text ?? '';
      const reason = chunk.candidates?.[0]?.finishReason;
      if (reason) finishReasons.push(reason);
    }
    assert.equal(text, raw.text);
    assert.deepEqual(finishReasons, ['STOP']);
  });

  it('openai Responses: a cut stream cannot be resumed (no prefill): it ends with an error event, never response.completed', LIMIT, async () => {
    const window = since();
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const types: string[] = [];
    let text = '';
    const stream = await openai.responses.create({ model: 'openai-resume', input: PROMPT, stream: true });
    const error = await (async () => {
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.output_text.delta') text += event.delta;
      }
    })().catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.APIError, `the SDK raises an APIError (got ${String(error)})`);
    assert.match(error.message, /cut after it started/);
    assert.ok(text.length > 0, 'the head of the answer was streamed before the cut');
    assert.ok(!types.includes('response.completed') && !types.includes('response.incomplete'), types.join(' '));
    // Nothing could continue it: the fallback was never asked
    assert.deepEqual(window.attempts().map((a) => a.outcome), ['stream_cut']);
    assert.equal(window.relayed().length, 1);
  });

  for (const family of FAMILIES) {
    it(`${family}: when the fallback rejects the prefill, the stream ends with an error carrying the cut, not the rejection`, LIMIT, async () => {
      const window = since();
      const read = await streamFromGateway(rig.gateway.url, family, `${family}-rejected`);
      assert.equal(read.answer.status, 200, 'the stream had started');
      assert.ok(read.text.length > 0);
      assert.equal(read.markers, 0, 'no [DONE], message_stop or finishing chunk');
      assert.equal(read.finishes, 0);
      assert.equal(read.errors.length, 1);
      assert.deepEqual(read.events.at(-1)!.data, JSON.stringify(read.errors[0]));
      const error = read.errors[0]!.error as { message: string; llmdoctor: { category: string } };
      assert.equal(error.llmdoctor.category, 'network_reset');
      assert.match(error.message, /cut after it started/);
      assert.doesNotMatch(JSON.stringify(read.errors[0]), /bad_request|invalid_request_error|INVALID_ARGUMENT/);
      // The fallback was asked to continue, and refused
      assert.deepEqual(window.attempts().map((a) => [a.keyFingerprint, a.outcome]), [[fingerprint(keys[family].cut), 'stream_cut'], [fingerprint(keys[family].reject), 400]]);
      assert.ok(prefillOf(family, window.relayed()[1]!.json));
    });
  }

  it('the SDKs raise the cut as an error when the fallback rejects the prefill', LIMIT, async () => {
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const openaiError = await openai.chat.completions.stream({ model: 'openai-rejected', messages: [{ role: 'user', content: PROMPT }] }).finalChatCompletion().catch((e: unknown) => e);
    assert.ok(openaiError instanceof OpenAI.APIError);
    assert.match(openaiError.message, /cut after it started/);

    const anthropic = new Anthropic({ baseURL: rig.gateway.url, apiKey: 'unused', maxRetries: 0 });
    const anthropicError = await anthropic.messages.stream({ model: 'anthropic-rejected', max_tokens: 200, messages: [{ role: 'user', content: PROMPT }] }).finalMessage().catch((e: unknown) => e);
    assert.ok(anthropicError instanceof Anthropic.APIError, String(anthropicError));
    assert.match(anthropicError.message, /cut after it started/);

    const gemini = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: rig.gateway.url } });
    const geminiError = await (async () => {
      for await (const chunk of await gemini.models.generateContentStream({ model: 'gemini-rejected', contents: PROMPT })) void chunk;
    })().catch((e: unknown) => e);
    assert.ok(geminiError instanceof Error, String(geminiError));
    assert.match(geminiError.message, /cut after it started/);
  });

  for (const family of FAMILIES) {
    it(`${family}: a malformed chunk never reaches the client; the answer is taken up from before it on the next target`, LIMIT, async () => {
      const window = since();
      // readStream parses every data line as JSON: a malformed one would throw here
      const read = await streamFromGateway(rig.gateway.url, family, `${family}-malformed`);
      assert.equal(read.answer.status, 200);
      assert.deepEqual(read.errors, []);
      assert.equal(read.finishes, 1);
      assert.equal(read.markers, 1);
      assert.deepEqual(window.attempts().map((a) => [a.keyFingerprint, a.outcome]), [[fingerprint(keys[family].malformed), 200], [fingerprint(keys[family].ok), 200]]);
      // No hole where the garbled chunk was: the continuation starts from the text the client had
      const [firstRequest, continuation] = window.relayed();
      const prefill = prefillOf(family, continuation!.json);
      assert.ok(prefill !== null && prefill.length > 0);
      const whole = await mockAnswerText(rig.mock, family, MODELS[family].first, firstRequest!.json, directKeys[family]);
      assert.ok(whole.startsWith(prefill) && prefill.length < whole.length);
      assert.equal(read.text, prefill + (await mockAnswerText(rig.mock, family, MODELS[family].fallback, continuation!.json, directKeys[family])));
      const record = await log.waitFor(read.answer.headers.get('x-llmdoctor-request-id'));
      assert.equal(record.malformedChunksDropped, 1);
      assert.equal(record.resumed, true);
    });
  }

  for (const family of ['openai', 'anthropic'] as const) {
    it(`${family}: an upstream that finishes without its end marker gets one added`, LIMIT, async () => {
      const window = since();
      const read = await streamFromGateway(rig.gateway.url, family, `${family}-nodone`);
      assert.equal(read.answer.status, 200);
      assert.equal(read.finishes, 1);
      assert.equal(read.markers, 1);
      if (family === 'openai') assert.equal(read.events.at(-1)!.data, '[DONE]');
      else assert.equal(read.events.at(-1)!.event, 'message_stop');
      // Served by the first target: a finished answer needs no fallback
      assert.deepEqual(window.attempts().map((a) => [a.keyFingerprint, a.outcome]), [[fingerprint(keys[family].nodone), 200]]);
      assert.equal(read.text, await mockAnswerText(rig.mock, family, MODELS[family].first, window.relayed()[0]!.json, directKeys[family]));
    });
  }

  it('openai and anthropic SDKs end a stream whose end marker the upstream left out', LIMIT, async () => {
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const chat = await openai.chat.completions.stream({ model: 'openai-nodone', messages: [{ role: 'user', content: PROMPT }] }).finalChatCompletion();
    assert.equal(chat.choices[0]!.finish_reason, 'stop');
    const anthropic = new Anthropic({ baseURL: rig.gateway.url, apiKey: 'unused', maxRetries: 0 });
    const message = await anthropic.messages.stream({ model: 'anthropic-nodone', max_tokens: 200, messages: [{ role: 'user', content: PROMPT }] }).finalMessage();
    assert.equal(message.stop_reason, 'end_turn');
  });

  it('gemini: a stream missing its finishing chunk is not complete: it is resumed on the fallback', LIMIT, async () => {
    const window = since();
    const read = await streamFromGateway(rig.gateway.url, 'gemini', 'gemini-nodone');
    assert.equal(read.answer.status, 200);
    assert.equal(read.finishes, 1);
    assert.deepEqual(window.attempts().map((a) => [a.keyFingerprint, a.outcome]), [[fingerprint(keys.gemini.nodone), 200], [fingerprint(keys.gemini.ok), 200]]);
    const record = await log.waitFor(read.answer.headers.get('x-llmdoctor-request-id'));
    assert.equal(record.resumed, true);
  });

  for (const family of FAMILIES) {
    it(`${family}: a stalled stream is caught by the idle limit and resumed on the next target`, LIMIT, async () => {
      const window = since();
      const started = Date.now();
      const read = await streamFromGateway(rig.gateway.url, family, `${family}-stall`);
      const elapsed = Date.now() - started;
      assert.equal(read.answer.status, 200);
      assert.deepEqual(read.errors, []);
      assert.equal(read.finishes, 1);
      assert.equal(read.markers, 1);
      assert.ok(elapsed >= STREAM_IDLE_MS, `waited the idle limit (${elapsed} ms)`);
      // undici checks body time limits on a coarse clock (about half a second a tick)
      assert.ok(elapsed < STREAM_IDLE_MS + 2_000, `and not much more (${elapsed} ms)`);
      assert.deepEqual(window.attempts().map((a) => [a.keyFingerprint, a.outcome]), [[fingerprint(keys[family].stall), 'stream_stall'], [fingerprint(keys[family].ok), 200]]);
      const prefill = prefillOf(family, window.relayed()[1]!.json);
      assert.ok(prefill && read.text.startsWith(prefill));
      const record = await log.waitFor(read.answer.headers.get('x-llmdoctor-request-id'));
      assert.deepEqual(record.categories, ['timeout']);
      assert.equal(record.resumed, true);
    });
  }

  it('anthropic: a safety refusal sent inside the stream before any token is the answer: 400, not retried nor routed around', LIMIT, async () => {
    const window = since();
    const read = await streamFromGateway(rig.gateway.url, 'anthropic', 'anthropic-blocked');
    assert.deepEqual(window.attempts().map((a) => [a.keyFingerprint, a.outcome]), [[fingerprint(keys.anthropic.blocked), 200]], 'one attempt, no fallback');
    assert.equal(read.answer.headers.get('x-llmdoctor-category'), 'content_blocked');
    // The API's own status for this refusal (invalid_request_error) is 400; a 5xx would invite the SDK to retry it
    assert.equal(read.answer.status, 400);
    assert.equal(read.answer.headers.get('x-should-retry'), 'false');
  });
});
