import Anthropic from '@anthropic-ai/sdk';
import { OrganizationOnHoldError } from '@anthropic-ai/sdk/resources/shared';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SCENARIOS, type FailureScenario } from '../../src/core/scenarios.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { ANTHROPIC_SIMULATOR } from '../../src/providers/anthropic/simulator.js';
import { classify } from '../../src/providers/classify.js';

/**
 * The official SDK against the simulator: what it returns and what it raises must be what it
 * returns and raises against api.anthropic.com.
 */

/** Current and not deprecated for the SDK (no deprecation warning on stderr). */
const MODEL = 'claude-haiku-4-5';
const ask = { model: MODEL, max_tokens: 200, messages: [{ role: 'user' as const, content: 'Say hello.' }] };

let mock: RunningMock;
let key: string;

before(async () => {
  // Paced at 1 ms a token, so a cut or a stall lands mid-stream as it does on a real connection
  mock = await startMock({ seed: 11, slowFirstTokenMs: 400, firstTokenMs: 0, tokensPerSecond: 1000 });
  key = mock.issueKey('anthropic');
});
after(() => mock.close());

function client(options: ConstructorParameters<typeof Anthropic>[0] = {}): Anthropic {
  return new Anthropic({ apiKey: key, baseURL: mock.baseUrls.anthropic, maxRetries: 0, ...options });
}

const scenario = (name: string) => ({ headers: { 'x-mock-scenario': name } });

async function raised(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the call succeeded');
}

async function drain(stream: AsyncIterable<Anthropic.MessageStreamEvent>): Promise<Anthropic.MessageStreamEvent[]> {
  const events: Anthropic.MessageStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function category(error: unknown): string {
  const diagnosis = classify({ error });
  return diagnosis.category;
}

describe('@anthropic-ai/sdk against the simulator: success', () => {
  it('creates a message: text, usage, ids, stop reason', async () => {
    const message = await client().messages.create(ask);
    assert.match(message.id, /^msg_01/);
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.model, MODEL);
    assert.equal(message.content[0]?.type, 'text');
    assert.ok(message.content[0]?.type === 'text' && message.content[0].text.length > 0);
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
    assert.match(message._request_id ?? '', /^req_011C/);
  });

  it('answers the same prompt with the same words (deterministic per seed)', async () => {
    const [a, b] = await Promise.all([client().messages.create(ask), client().messages.create(ask)]);
    assert.deepEqual(a.content, b.content);
  });

  it('stops at max_tokens with stop_reason max_tokens', async () => {
    const message = await client().messages.create({ ...ask, max_tokens: 2 });
    assert.equal(message.stop_reason, 'max_tokens');
    assert.equal(message.usage.output_tokens, 2);
  });

  it('takes the key as x-api-key too', async () => {
    const viaHeader = new Anthropic({ apiKey: null, authToken: null, baseURL: mock.baseUrls.anthropic, maxRetries: 0, defaultHeaders: { 'x-api-key': key, authorization: null } });
    const message = await viaHeader.messages.create(ask);
    assert.equal(message.type, 'message');
  });

  it('streams: raw events in order, text, usage and stop reason', async () => {
    const expected = await client().messages.create(ask);
    const events = await drain(await client().messages.create({ ...ask, stream: true }));
    const types = events.map((e) => e.type);
    assert.equal(types[0], 'message_start');
    assert.equal(types[1], 'content_block_start');
    assert.deepEqual(types.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
    const text = events.map((e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : '')).join('');
    assert.equal(text, expected.content[0]?.type === 'text' ? expected.content[0].text : '');
    const delta = events.find((e) => e.type === 'message_delta');
    assert.ok(delta?.type === 'message_delta');
    assert.equal(delta.delta.stop_reason, 'end_turn');
    assert.equal(delta.usage.output_tokens, expected.usage.output_tokens);
  });

  it('streams through the MessageStream helper to a final message', async () => {
    const stream = client().messages.stream(ask);
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const final = await stream.finalMessage();
    assert.equal(final.content[0]?.type === 'text' ? final.content[0].text : '', text);
    assert.equal(final.stop_reason, 'end_turn');
    assert.match(final.id, /^msg_01/);
  });

  it('counts tokens', async () => {
    const counted = await client().messages.countTokens({ model: MODEL, messages: ask.messages });
    assert.ok(counted.input_tokens > 0);
  });

  it('lists models page by page and retrieves one by alias', async () => {
    const ids: string[] = [];
    for await (const model of client().models.list({ limit: 2 })) ids.push(model.id);
    assert.ok(ids.length > 4);
    assert.equal(new Set(ids).size, ids.length);
    const first = await client().models.list({ limit: 2 });
    assert.equal(first.has_more, true);
    assert.equal(first.data.length, 2);
    const model = await client().models.retrieve('claude-haiku-4-5');
    assert.equal(model.id, 'claude-haiku-4-5-20251001');
    assert.equal(model.type, 'model');
  });
});

type ErrorClass = abstract new (...args: never[]) => Error;

const EXPECTED: Record<FailureScenario, [ErrorClass, number]> = {
  key_missing: [Anthropic.AuthenticationError, 401],
  key_invalid: [Anthropic.AuthenticationError, 401],
  key_revoked: [Anthropic.AuthenticationError, 401],
  key_wrong_provider: [Anthropic.AuthenticationError, 401],
  permission_denied: [Anthropic.PermissionDeniedError, 403],
  org_verification_required: [OrganizationOnHoldError, 400],
  api_disabled: [Anthropic.BadRequestError, 400],
  model_not_found: [Anthropic.NotFoundError, 404],
  billing: [Anthropic.BadRequestError, 400],
  quota_exceeded: [Anthropic.BadRequestError, 400],
  rate_limited: [Anthropic.RateLimitError, 429],
  overloaded: [Anthropic.OverloadedError, 529],
  region_blocked: [Anthropic.PermissionDeniedError, 403],
  wrong_endpoint: [Anthropic.NotFoundError, 404],
  bad_request: [Anthropic.BadRequestError, 400],
  context_length_exceeded: [Anthropic.BadRequestError, 400],
  content_blocked: [Anthropic.BadRequestError, 400],
  server_error: [Anthropic.InternalServerError, 500],
};

describe('@anthropic-ai/sdk against the simulator: every failure scenario', () => {
  for (const [name, [errorClass, status]] of Object.entries(EXPECTED) as [FailureScenario, [ErrorClass, number]][]) {
    it(`${name}: ${errorClass.name} ${status}, classified ${SCENARIOS[name]}`, async () => {
      const error = await raised(client().messages.create(ask, scenario(name)));
      assert.ok(error instanceof errorClass, `${(error as Error).name}: ${(error as Error).message}`);
      const apiError = error as InstanceType<typeof Anthropic.APIError>;
      assert.equal(apiError.status, status);
      if (name === 'region_blocked') {
        assert.deepEqual(apiError.error, { error: { type: 'forbidden', message: 'Request not allowed' } });
        assert.equal(apiError.requestID, null);
      } else {
        assert.equal((apiError.error as { type: string }).type, 'error');
        assert.match(apiError.requestID ?? '', /^req_011C/);
      }
      assert.equal(category(error), SCENARIOS[name]);
    });
  }

  it('key_missing: the request goes out without any credential', async () => {
    const anonymous = new Anthropic({ apiKey: null, authToken: null, baseURL: mock.baseUrls.anthropic, maxRetries: 0, defaultHeaders: { authorization: null } });
    const error = await raised(anonymous.messages.create(ask));
    assert.ok(error instanceof Anthropic.AuthenticationError);
    assert.equal(error.apiMessage, 'x-api-key header is required');
    assert.equal(category(error), 'key_missing');
  });

  it('key_invalid: a well-formed key the mock never issued', async () => {
    const stranger = ANTHROPIC_SIMULATOR.newKey(Math.random);
    const error = await raised(client({ apiKey: stranger }).messages.create(ask));
    assert.ok(error instanceof Anthropic.AuthenticationError);
    assert.equal(error.apiMessage, 'invalid x-api-key');
    assert.equal(category(error), 'key_invalid');
  });

  it('rate_limited: the key\'s bucket runs dry and the 429 says when to come back', async () => {
    const limited = await startMock({ seed: 2, requestsPerMinute: 2 });
    try {
      const sdk = new Anthropic({ apiKey: limited.issueKey('anthropic'), baseURL: limited.baseUrls.anthropic, maxRetries: 0 });
      const ok = await sdk.messages.create(ask).withResponse();
      assert.equal(ok.response.headers.get('anthropic-ratelimit-requests-limit'), '2');
      assert.equal(ok.response.headers.get('anthropic-ratelimit-requests-remaining'), '1');
      await sdk.messages.create(ask);
      const error = await raised(sdk.messages.create(ask));
      assert.ok(error instanceof Anthropic.RateLimitError);
      assert.ok(Number(error.headers.get('retry-after')) >= 1);
      assert.equal(error.headers.get('x-should-retry'), 'true');
      assert.equal(error.headers.get('anthropic-ratelimit-requests-remaining'), '0');
      assert.match(error.apiMessage ?? '', /of 2 requests per minute/);
      const diagnosis = classify({ error });
      assert.equal(diagnosis.category, 'rate_limited');
      assert.ok((diagnosis.retryAfterMs ?? 0) >= 1000);
    } finally {
      await limited.close();
    }
  });

  it('content_blocked while streaming: an error event after HTTP 200', async () => {
    const stream = await client().messages.create({ ...ask, stream: true }, scenario('content_blocked'));
    const error = await raised(drain(stream));
    assert.ok(error instanceof Anthropic.APIError);
    assert.equal(error.status, undefined);
    assert.equal(error.apiMessage, 'Output blocked by content filtering policy');
    assert.equal(category(error), 'content_blocked');
  });

  it('overloaded:stream: the overload arrives inside the stream', async () => {
    const stream = await client().messages.create({ ...ask, stream: true }, scenario('overloaded:stream'));
    const error = await raised(drain(stream));
    assert.ok(error instanceof Anthropic.APIError);
    assert.equal(error.type, 'overloaded_error');
    assert.equal(category(error), 'overloaded');
  });

  it('bad input gets the API\'s answer, never a crash', async () => {
    const raw = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${mock.baseUrls.anthropic}/v1/messages`, { method: 'POST', headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', ...headers }, body });
    const malformed = await raw('{"model": ');
    assert.equal(malformed.status, 400);
    assert.match(((await malformed.json()) as { error: { message: string } }).error.message, /^The request body is not valid JSON: /);
    const wrongType = await raw('model=claude', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(wrongType.status, 400);
    const noVersion = await fetch(`${mock.baseUrls.anthropic}/v1/messages`, { method: 'POST', headers: { 'x-api-key': key }, body: JSON.stringify(ask) });
    assert.equal(noVersion.status, 400);
    const unknownPath = await fetch(`${mock.baseUrls.anthropic}/v1/v1/messages`, { method: 'POST', headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' }, body: JSON.stringify(ask) });
    assert.equal(unknownPath.status, 404);
    assert.deepEqual(((await unknownPath.json()) as { error: unknown }).error, { type: 'not_found_error', message: 'Not Found' });
  });

  it('an unknown model is a 404 naming it', async () => {
    const error = await raised(client().messages.create({ ...ask, model: 'claude-3-5-sonnet-latest ' }));
    assert.ok(error instanceof Anthropic.NotFoundError);
    assert.equal(error.apiMessage, 'model: claude-3-5-sonnet-latest ');
    assert.equal(category(error), 'model_not_found');
  });
});

describe('@anthropic-ai/sdk against the simulator: transport scenarios', () => {
  it('timeout: the SDK gives up with APIConnectionTimeoutError', async () => {
    const error = await raised(client({ timeout: 300 }).messages.create(ask, scenario('timeout')));
    assert.ok(error instanceof Anthropic.APIConnectionTimeoutError, String(error));
    assert.equal((error as Error).message, 'Request timed out.');
    assert.equal(category(error), 'timeout');
  });

  it('reset: the SDK raises APIConnectionError caused by the reset', async () => {
    const error = await raised(client().messages.create(ask, scenario('reset')));
    assert.ok(error instanceof Anthropic.APIConnectionError && !(error instanceof Anthropic.APIConnectionTimeoutError), String(error));
    assert.equal((error as Error).message, 'Connection error.');
    assert.equal(category(error), 'network_reset');
  });

  it('stream_cut: iterating fails mid-answer with the socket error', async () => {
    const stream = await client().messages.create({ ...ask, stream: true }, scenario('stream_cut'));
    const events: string[] = [];
    const error = await raised(
      (async () => {
        for await (const event of stream) events.push(event.type);
      })(),
    );
    assert.ok(events.includes('message_start') && !events.includes('message_stop'));
    // Not wrapped by the SDK: undici's own error, the reset in its cause
    assert.ok(error instanceof TypeError && error.message === 'terminated', String(error));
    assert.equal((error.cause as NodeJS.ErrnoException | undefined)?.code, 'ECONNRESET');
    assert.equal(category(error), 'network_reset');
  });

  it('stream_stall: the SDK waits forever (its timeout ends at the headers); only the caller\'s abort ends it', async () => {
    const started = Date.now();
    const stream = await client({ timeout: 200 }).messages.create({ ...ask, stream: true }, { ...scenario('stream_stall'), signal: AbortSignal.timeout(600) });
    const events: string[] = [];
    for await (const event of stream) events.push(event.type);
    // An aborted stream ends the loop without an error: the caller has to notice the missing message_stop
    assert.ok(Date.now() - started >= 550);
    assert.ok(events.includes('message_start') && !events.includes('message_stop'));
  });

  it('stream_stall through MessageStream: the abort surfaces as APIUserAbortError', async () => {
    const stream = client().messages.stream(ask, { ...scenario('stream_stall'), signal: AbortSignal.timeout(400) });
    const error = await raised(stream.finalMessage());
    assert.ok(error instanceof Anthropic.APIUserAbortError, String(error));
    assert.equal((error as Error).message, 'Request was aborted.');
  });

  it('stream_stall: the SDK has no idle timer, so all the caller sees is its own abort (unknown to classify)', async () => {
    assert.equal(SCENARIOS.stream_stall, null);
    const stream = client().messages.stream(ask, { ...scenario('stream_stall'), signal: AbortSignal.timeout(300) });
    const error = await raised(stream.finalMessage());
    assert.equal(category(error), 'unknown');
  });

  it('malformed_chunk: the SDK fails to parse the event', async () => {
    const stream = await client({ logLevel: 'off' }).messages.create({ ...ask, stream: true }, scenario('malformed_chunk'));
    const error = await raised(drain(stream));
    assert.ok(error instanceof SyntaxError, String(error));
  });

  it('no_done: the raw stream just ends after message_delta; the helper refuses to build a message', async () => {
    const events = await drain(await client().messages.create({ ...ask, stream: true }, scenario('no_done')));
    assert.equal(events.at(-1)?.type, 'message_delta');
    const error = await raised(client().messages.stream(ask, scenario('no_done')).finalMessage());
    assert.ok(error instanceof Anthropic.AnthropicError);
    assert.equal((error as Error).message, 'stream ended without producing a Message with role=assistant');
  });

  it('slow_first_token: the answer is fine, only late', async () => {
    const started = Date.now();
    const events = await drain(await client().messages.create({ ...ask, stream: true }, scenario('slow_first_token')));
    assert.ok(Date.now() - started >= 350);
    assert.equal(events.at(-1)?.type, 'message_stop');
  });
});
