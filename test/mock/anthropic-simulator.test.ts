import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCENARIOS, type FailureScenario } from '../../src/core/scenarios.js';
import { ANTHROPIC_SIMULATOR as sim } from '../../src/providers/anthropic/simulator.js';
import { classify } from '../../src/providers/classify.js';
import { inspectKey } from '../../src/providers/key-formats.js';
import type { Completion, FailureContext, RateState, SimOperation, SimRequest, SimResponse } from '../../src/providers/simulator.js';

const VERSION = { 'anthropic-version': '2023-06-01' };

function request(method: string, path: string, body?: unknown, headers: Record<string, string> = VERSION, query = ''): SimRequest {
  const raw = body === undefined ? Buffer.alloc(0) : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { method, path, query: new URLSearchParams(query), headers, rawBody: raw };
}

const hello = { model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'Hello there' }] };

function op(body: unknown = hello, path = '/v1/messages'): SimOperation {
  const parsed = sim.parse(request('POST', path, body));
  assert.ok('op' in parsed, `expected an operation, got ${'error' in parsed ? parsed.error.body : ''}`);
  return parsed.op;
}

function error(req: SimRequest): { status: number; type: string; message: string; response: SimResponse } {
  const parsed = sim.parse(req);
  assert.ok('error' in parsed, 'expected the request to be refused');
  const body = JSON.parse(parsed.error.body) as { error: { type: string; message: string } };
  return { status: parsed.error.status, type: body.error.type, message: body.error.message, response: parsed.error };
}

function rate(overrides: Partial<RateState> = {}): RateState {
  return {
    limitRequests: 50,
    remainingRequests: 49,
    resetRequestsMs: 1200,
    limitTokens: 30_000,
    remainingTokens: 29_000,
    resetTokensMs: 2000,
    retryAfterMs: 0,
    exhausted: null,
    now: Date.UTC(2025, 5, 14, 12, 0, 0),
    ...overrides,
  };
}

function context(variant: string | null = null, extra: Partial<FailureContext> = {}): FailureContext {
  return { variant, key: null, rate: rate(), requestId: 'abc123def456ghi789jkl012', ...extra };
}

const completion: Completion = {
  text: 'Hello, world.',
  tokens: ['Hello', ',', ' world', '.'],
  inputTokens: 3,
  outputTokens: 4,
  finishReason: 'stop',
  id: 'AbCdEfGhIjKlMnOpQrStUvWx',
  created: 1_750_000_000,
};

describe('Anthropic simulator: keys', () => {
  it('issues keys that inspectKey recognizes as Anthropic API keys with no problem', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 20; i++) {
      const key = sim.newKey(random);
      const inspection = inspectKey(key, { expectedProvider: 'anthropic' });
      assert.equal(inspection.provider, 'anthropic');
      assert.equal(inspection.formatId, 'anthropic-api');
      assert.deepEqual(inspection.problems, []);
      assert.equal(inspection.ok, true);
    }
  });

  it('reads x-api-key first, then Authorization: Bearer (what @anthropic-ai/sdk 1.x sends)', () => {
    const key = sim.newKey(Math.random);
    assert.equal(sim.credential(request('GET', '/v1/models', undefined, { 'x-api-key': key })), key);
    assert.equal(sim.credential(request('GET', '/v1/models', undefined, { authorization: `Bearer ${key}` })), key);
    assert.equal(sim.credential(request('GET', '/v1/models', undefined, { 'x-api-key': key, authorization: 'Bearer other' })), key);
    assert.equal(sim.credential(request('GET', '/v1/models', undefined, { 'x-api-key': '' })), null);
    assert.equal(sim.credential(request('GET', '/v1/models', undefined, {})), null);
  });
});

describe('Anthropic simulator: parsing', () => {
  it('turns a Messages request into an operation', () => {
    const parsed = op({ ...hello, system: [{ type: 'text', text: 'Be brief.' }], stream: true });
    assert.equal(parsed.name, 'messages');
    assert.equal(parsed.model, 'claude-sonnet-4-5');
    assert.equal(parsed.stream, true);
    assert.equal(parsed.maxTokens, 256);
    assert.equal(parsed.promptText, 'Be brief.\nHello there');
  });

  it('routes count_tokens and models', () => {
    assert.equal(op({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'x' }] }, '/v1/messages/count_tokens').name, 'messages.count_tokens');
    const list = sim.parse(request('GET', '/v1/models', undefined, VERSION, 'limit=2'));
    assert.ok('op' in list && list.op.name === 'models.list' && list.op.body.limit === 2);
    const retrieve = sim.parse(request('GET', '/v1/models/claude-sonnet-4-5'));
    assert.ok('op' in retrieve && retrieve.op.model === 'claude-sonnet-4-5-20250929');
  });

  it('requires anthropic-version as the API does', () => {
    const missing = error(request('POST', '/v1/messages', hello, {}));
    assert.deepEqual([missing.status, missing.type, missing.message], [400, 'invalid_request_error', 'anthropic-version: header is required']);
    const wrong = error(request('POST', '/v1/messages', hello, { 'anthropic-version': '2023-10-01' }));
    assert.equal(wrong.message, 'anthropic-version: "2023-10-01" is not a valid version');
    assert.ok('op' in sim.parse(request('POST', '/v1/messages', hello, { 'anthropic-version': '2026-10-21' })));
  });

  it('answers unknown paths and wrong methods with a bare Not Found', () => {
    for (const [method, path] of [['POST', '/v1/v1/messages'], ['GET', '/v1/messages'], ['POST', '/v1/chat/completions'], ['DELETE', '/v1/models']]) {
      const refused = error(request(method!, path!, hello));
      assert.deepEqual([refused.status, refused.type, refused.message], [404, 'not_found_error', 'Not Found']);
    }
  });

  it('says where a body stops being JSON', () => {
    assert.equal(error(request('POST', '/v1/messages', '{"model": "x",\n "max_tokens": tru}')).message, 'The request body is not valid JSON: unexpected character: line 2 column 16 (char 30)');
    assert.equal(error(request('POST', '/v1/messages', '{"model":')).message, 'The request body is not valid JSON: unexpected end of data: line 1 column 10 (char 9)');
    assert.equal(error(request('POST', '/v1/messages', '')).message, 'The request body is not valid JSON: Input is a zero-length, empty document: line 1 column 1 (char 0)');
    assert.match(error(request('POST', '/v1/messages', '['.repeat(200_000))).message, /^The request body is not valid JSON: /);
    assert.equal(error(request('POST', '/v1/messages', '[1]')).status, 400);
  });

  it('names the first missing or wrong field', () => {
    const cases: [unknown, string][] = [
      [{ messages: hello.messages, max_tokens: 1 }, 'model: Field required'],
      [{ model: 'claude-sonnet-4-5', messages: hello.messages }, 'max_tokens: Field required'],
      [{ model: 'claude-sonnet-4-5', max_tokens: 5 }, 'messages: Field required'],
      [{ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [] }, 'messages: at least one message is required'],
      [{ ...hello, max_tokens: 'many' }, 'max_tokens: Input should be a valid integer'],
      [{ ...hello, messages: [{ role: 'system', content: 'x' }] }, 'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.'],
      [{ ...hello, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, 'messages: text content blocks must be non-empty'],
      [{ ...hello, stream: 'yes' }, 'stream: Input should be a valid boolean'],
    ];
    for (const [body, message] of cases) assert.equal(error(request('POST', '/v1/messages', body)).message, message);
  });

  it('refuses unknown models, output over the cap and prompts over the window with the real texts', () => {
    const unknown = error(request('POST', '/v1/messages', { ...hello, model: 'claude-3-5-sonnet-20241022 ' }));
    assert.deepEqual([unknown.status, unknown.type, unknown.message], [404, 'not_found_error', 'model: claude-3-5-sonnet-20241022 ']);
    assert.equal(
      error(request('POST', '/v1/messages', { ...hello, model: 'claude-3-haiku-20240307', max_tokens: 10_000 })).message,
      'max_tokens: 10000 > 4096, which is the maximum allowed number of output tokens for claude-3-haiku-20240307',
    );
    const long = { ...hello, messages: [{ role: 'user', content: 'word '.repeat(170_000) }] };
    assert.equal(error(request('POST', '/v1/messages', long)).message, 'prompt is too long: 212500 tokens > 200000 maximum');
    const near = { ...hello, max_tokens: 64_000, messages: [{ role: 'user', content: 'x'.repeat(600_000) }] };
    assert.match(error(request('POST', '/v1/messages', near)).message, /^input length and `max_tokens` exceed context limit: 150000 \+ 64000 > 200000/);
  });

  it('validates the models page parameters', () => {
    assert.equal(error(request('GET', '/v1/models', undefined, VERSION, 'limit=abc')).status, 400);
    assert.equal(error(request('GET', '/v1/models/claude-9')).message, 'model: claude-9');
  });
});

describe('Anthropic simulator: answers', () => {
  it('answers a message in the real shape with ids and usage', () => {
    const answer = sim.answer(op(), completion);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.match(answer.headers['request-id']!, /^req_011C[1-9A-HJ-NP-Za-km-z]{20}$/);
    assert.match(answer.headers['anthropic-organization-id']!, /^[0-9a-f-]{36}$/);
    const body = JSON.parse(answer.body);
    assert.match(body.id, /^msg_01[1-9A-HJ-NP-Za-km-z]{22}$/);
    assert.deepEqual(Object.keys(body), ['model', 'id', 'type', 'role', 'content', 'stop_reason', 'stop_sequence', 'stop_details', 'usage']);
    assert.equal(body.model, 'claude-sonnet-4-5');
    assert.deepEqual(body.content, [{ type: 'text', text: 'Hello, world.' }]);
    assert.equal(body.stop_reason, 'end_turn');
    assert.equal(body.usage.input_tokens, 3);
    assert.equal(body.usage.output_tokens, 4);
    assert.equal(JSON.parse(sim.answer(op(), { ...completion, finishReason: 'length' }).body).stop_reason, 'max_tokens');
  });

  it('counts tokens and lists models page by page', () => {
    const counted = sim.answer(op({ model: 'claude-haiku-4-5', messages: hello.messages }, '/v1/messages/count_tokens'), completion);
    assert.deepEqual(JSON.parse(counted.body), { input_tokens: 3 });
    const first = sim.parse(request('GET', '/v1/models', undefined, VERSION, 'limit=2'));
    assert.ok('op' in first);
    const page = JSON.parse(sim.answer(first.op, completion).body);
    assert.deepEqual(Object.keys(page), ['data', 'has_more', 'first_id', 'last_id']);
    assert.equal(page.data.length, 2);
    assert.equal(page.has_more, true);
    assert.deepEqual(Object.keys(page.data[0]), ['type', 'id', 'display_name', 'created_at']);
    const next = sim.parse(request('GET', '/v1/models', undefined, VERSION, `limit=100&after_id=${page.last_id}`));
    assert.ok('op' in next);
    const rest = JSON.parse(sim.answer(next.op, completion).body);
    assert.equal(rest.has_more, false);
    assert.notEqual(rest.first_id, page.last_id);
  });

  it('streams the real event sequence, deltas marked, message_stop as terminator', () => {
    const plan = sim.stream(op({ ...hello, stream: true }), completion);
    assert.equal(plan.status, 200);
    assert.equal(plan.headers['content-type'], 'text/event-stream; charset=utf-8');
    const events = plan.frames.map((f) => /^event: (\w+)/.exec(f.data)![1]);
    assert.deepEqual(events, ['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    assert.deepEqual(plan.frames.map((f) => f.delta === true), events.map((e) => e === 'content_block_delta'));
    assert.deepEqual(plan.frames.map((f) => f.terminator === true), events.map((e) => e === 'message_stop'));
    const data = plan.frames.map((f) => JSON.parse(/\ndata: (.*)\n\n$/.exec(f.data)![1]!));
    assert.equal(data.filter((d) => d.type === 'content_block_delta').map((d) => d.delta.text).join(''), 'Hello, world.');
    const delta = data.find((d) => d.type === 'message_delta');
    assert.equal(delta.delta.stop_reason, 'end_turn');
    assert.equal(delta.usage.output_tokens, 4);
  });

  it('sends every rate-limit header with RFC 3339 resets', () => {
    const headers = sim.rateLimitHeaders(rate());
    for (const family of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
      for (const part of ['limit', 'remaining', 'reset']) assert.ok(headers[`anthropic-ratelimit-${family}-${part}`], `${family}-${part}`);
    }
    assert.equal(headers['anthropic-ratelimit-requests-remaining'], '49');
    assert.equal(headers['anthropic-ratelimit-requests-reset'], '2025-06-14T12:00:02Z');
    assert.equal(headers['anthropic-ratelimit-tokens-remaining'], '29000');
  });
});

const FAILURES = Object.keys(SCENARIOS).filter((name) => !['ok', 'timeout', 'slow_first_token', 'reset', 'stream_cut', 'stream_stall', 'malformed_chunk', 'no_done'].includes(name)) as FailureScenario[];

describe('Anthropic simulator: failures', () => {
  for (const scenario of FAILURES) {
    it(`${scenario}: real envelope, classified as ${SCENARIOS[scenario]}`, () => {
      const response = sim.failure(scenario, op(), context());
      assert.ok(response.status >= 400, `${response.status}`);
      const body = JSON.parse(response.body);
      if (scenario === 'region_blocked') {
        assert.deepEqual(body, { error: { type: 'forbidden', message: 'Request not allowed' } });
        assert.equal(response.headers['request-id'], undefined);
        assert.equal(response.headers.server, 'cloudflare');
      } else {
        assert.equal(body.type, 'error');
        assert.match(body.request_id, /^req_011C/);
        assert.equal(response.headers['request-id'], body.request_id);
      }
      const diagnosis = classify({ status: response.status, headers: response.headers, body: response.body });
      assert.equal(diagnosis.category, SCENARIOS[scenario], diagnosis.evidence.join(' | '));
    });
  }

  it('uses the same request id the mock gave, in the Anthropic format', () => {
    const a = sim.failure('server_error', null, context());
    const b = sim.failure('server_error', null, context());
    assert.equal(a.headers['request-id'], b.headers['request-id']);
  });

  it('answers a subscription token as the API does, whatever the scenario that refused it', () => {
    const response = sim.failure('key_invalid', null, context(null, { key: `sk-ant-oat01-${'x'.repeat(80)}` }));
    assert.equal(JSON.parse(response.body).error.message, 'OAuth authentication is currently not supported.');
  });

  it('puts the empty bucket, retry-after and x-should-retry on a 429', () => {
    const response = sim.failure('rate_limited', op(), context(null, { rate: rate({ exhausted: 'requests', remainingRequests: 0, retryAfterMs: 2500 }) }));
    assert.equal(response.status, 429);
    assert.equal(response.headers['retry-after'], '3');
    assert.equal(response.headers['x-should-retry'], 'true');
    assert.equal(response.headers['anthropic-ratelimit-requests-remaining'], '0');
    assert.match(JSON.parse(response.body).error.message, /^This request would exceed the rate limit for your organization \([0-9a-f-]{36}\) of 50 requests per minute\. /);
    const forced = sim.failure('rate_limited', op(), context());
    assert.equal(forced.headers['anthropic-ratelimit-tokens-remaining'], '0');
    assert.match(JSON.parse(forced.body).error.message, /of 30,000 input tokens per minute\./);
  });

  it('ends a stream with an error event when the output filter fires', () => {
    const response = sim.failure('content_blocked', op({ ...hello, stream: true }), context());
    assert.equal(response.status, 200);
    assert.match(response.body, /^event: message_start\n/);
    assert.match(response.body, /event: error\ndata: \{"type":"error","error":\{"details":null,"type":"invalid_request_error","message":"Output blocked by content filtering policy"\},"request_id":"req_011C\w+"\}\n\n$/);
  });

  const variants: [FailureScenario, string, number, string, string][] = [
    ['key_wrong_provider', 'bearer', 401, 'Invalid bearer token', 'key_wrong_provider'],
    ['billing', 'long_context', 429, 'Extra usage is required for long context requests.', 'billing'],
    ['quota_exceeded', 'subscription', 429, "This request would exceed your account's rate limit. Please try again later.", 'quota_exceeded'],
    ['rate_limited', 'server', 429, 'Rate limited', 'rate_limited'],
    ['overloaded', 'api_error', 500, 'Overloaded', 'overloaded'],
    ['bad_request', 'too_large', 413, 'Request exceeds the maximum size', 'bad_request'],
    ['context_length_exceeded', 'max_tokens', 400, 'input length and `max_tokens` exceed context limit: 3 + 199998 > 200000, decrease input length or `max_tokens` and try again', 'context_length_exceeded'],
    ['context_length_exceeded', 'size', 413, 'Request size exceeds model context window', 'context_length_exceeded'],
  ];
  for (const [scenario, variant, status, message, category] of variants) {
    it(`${scenario}:${variant} → ${status} "${message.slice(0, 40)}…"`, () => {
      const response = sim.failure(scenario, op(), context(variant));
      assert.equal(response.status, status);
      assert.equal(JSON.parse(response.body).error.message, message);
      assert.equal(classify({ status, headers: response.headers, body: response.body }).category, category);
    });
  }

  it('region_blocked:html is the 2023 page', () => {
    const response = sim.failure('region_blocked', null, context('html'));
    assert.equal(response.headers['content-type'], 'text/html');
    assert.match(response.body, /<title>403<\/title>403 Forbidden$/);
    assert.equal(classify({ status: 403, headers: response.headers, body: response.body }).category, 'region_blocked');
  });
});
