import Anthropic, { APIError } from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { ANTHROPIC_DIALECT } from '../../src/providers/anthropic/dialect.js';
import { claudeVersion } from '../../src/providers/anthropic/wire-continuation.js';
import { ANTHROPIC_WIRE } from '../../src/providers/anthropic/wire.js';
import { matchEndpoint } from '../../src/providers/wires.js';
import type { EndpointMatch, StreamEvent } from '../../src/providers/wire.js';
import { gatewayError, raised, readInPieces, serve, type TestServer } from './wire-support-native.js';

/**
 * The Anthropic wire format against streams the simulator plays (frame for frame the live API's)
 * and against @anthropic-ai/sdk, which must raise our errors as its own.
 */

const MODEL = 'claude-haiku-4-5';
const VERSION = { 'anthropic-version': '2023-06-01' };
const request = { model: MODEL, max_tokens: 200, stream: true, messages: [{ role: 'user', content: 'Say hello.' }] };

let mock: RunningMock;
let key: string;

before(async () => {
  // Unpaced: a stream arrives at once, and a fault scenario still lands mid-stream
  mock = await startMock({ seed: 7, firstTokenMs: 0, tokensPerSecond: 0 });
  key = mock.issueKey('anthropic');
});
after(() => mock.close());

async function mockStream(scenario = 'ok', body: Record<string, unknown> = request): Promise<string> {
  const match = ANTHROPIC_WIRE.match('POST', '/v1/messages', VERSION)!;
  const url = ANTHROPIC_DIALECT.url(mock.baseUrls.anthropic, match, null, new URLSearchParams());
  const headers = { ...ANTHROPIC_DIALECT.defaultHeaders, ...ANTHROPIC_DIALECT.authHeaders(key), 'content-type': 'application/json', 'x-mock-scenario': scenario };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  assert.equal(response.status, 200);
  return response.text();
}

/** What the stream says, read the plain way (whole text, split at blank lines): the reader must agree. */
function oracle(text: string): { text: string; input: number; output: number } {
  let answer = '';
  let input = 0;
  let output = 0;
  for (const frame of text.split('\n\n')) {
    const data = /^data: (.*)$/m.exec(frame)?.[1];
    if (!data) continue;
    const event = JSON.parse(data);
    if (event.type === 'content_block_delta') answer += event.delta.text;
    if (event.type === 'message_start') input = event.message.usage.input_tokens;
    if (event.type === 'message_delta') output = event.usage.output_tokens;
  }
  return { text: answer, input, output };
}

const texts = (events: StreamEvent[]) => events.map((e) => e.text).join('');
const typeOf = (event: StreamEvent) => /^event: (.*?)\r?$/m.exec(event.raw)?.[1];

describe('Anthropic stream reader on the simulator\'s streams', () => {
  it('reads a whole stream fed in random pieces: raw kept, text, running usage, opening, finish, end', async () => {
    const stream = await mockStream();
    const expected = oracle(stream);
    assert.ok(expected.text.length > 20 && expected.output > 0);
    for (let seed = 1; seed <= 25; seed++) {
      const events = readInPieces(ANTHROPIC_WIRE.streamReader({ hideUsage: false }), stream, seed);
      assert.equal(events.map((e) => e.raw).join(''), stream, 'raw is the frame text exactly as received');
      assert.equal(texts(events), expected.text);
      assert.deepEqual(events.filter((e) => e.preamble).map(typeOf), ['message_start', 'content_block_start', 'ping']);
      assert.deepEqual(events.filter((e) => e.usage).map((e) => e.usage), [
        { inputTokens: expected.input, outputTokens: 1 },
        { inputTokens: expected.input, outputTokens: expected.output },
      ]);
      assert.deepEqual(events.filter((e) => e.finishes).map(typeOf), ['message_delta', 'message_stop']);
      assert.deepEqual(events.filter((e) => e.terminates).map(typeOf), ['message_stop']);
      assert.ok(events.every((e) => !e.malformed && e.error === null && !e.hidden));
    }
  });

  it('reads the same stream with CRLF line ends (as a proxy may rewrite it): event and data lines stay one frame', async () => {
    const stream = (await mockStream()).replaceAll('\n', '\r\n');
    const expected = oracle(stream.replaceAll('\r\n', '\n'));
    for (let seed = 1; seed <= 10; seed++) {
      const events = readInPieces(ANTHROPIC_WIRE.streamReader({ hideUsage: false }), stream, seed);
      assert.equal(events.map((e) => e.raw).join(''), stream);
      assert.equal(texts(events), expected.text);
      assert.deepEqual(events.filter((e) => e.preamble).map(typeOf), ['message_start', 'content_block_start', 'ping']);
      assert.equal(events.filter((e) => e.terminates).length, 1);
      assert.ok(events.every((e) => !e.malformed));
    }
  });

  it('flags the frame cut in half (malformed_chunk) and reads on', async () => {
    const stream = await mockStream('malformed_chunk');
    for (let seed = 1; seed <= 10; seed++) {
      const events = readInPieces(ANTHROPIC_WIRE.streamReader({ hideUsage: false }), stream, seed);
      const malformed = events.filter((e) => e.malformed);
      assert.equal(malformed.length, 1);
      assert.throws(() => JSON.parse(/^data: (.*)$/m.exec(malformed[0]!.raw)![1]!));
      assert.equal(malformed[0]!.text, '');
      assert.equal(events.filter((e) => e.terminates).length, 1, 'the frames after it are read');
    }
  });

  it('reports an error event after HTTP 200 (overloaded:stream) as the error, not as an end', async () => {
    const stream = await mockStream('overloaded:stream');
    const events = readInPieces(ANTHROPIC_WIRE.streamReader({ hideUsage: false }), stream, 3);
    const last = events[events.length - 1]!;
    assert.deepEqual((last.error as { error: { type: string } }).error.type, 'overloaded_error');
    assert.ok(events.every((e) => !e.terminates && !e.finishes));
  });

  it('a stream without message_stop (no_done) finishes but does not end; the terminator ends it', async () => {
    const stream = await mockStream('no_done');
    const reader = ANTHROPIC_WIRE.streamReader({ hideUsage: false });
    const events = readInPieces(reader, stream, 5);
    assert.equal(events.filter((e) => e.finishes).length, 1);
    assert.equal(events.filter((e) => e.terminates).length, 0);
    const end = ANTHROPIC_WIRE.streamReader({ hideUsage: false }).push(ANTHROPIC_WIRE.streamTerminator());
    assert.equal(end.length, 1);
    assert.ok(end[0]!.terminates && !end[0]!.malformed);
  });

  it('a content block that is not the opening text block is content, and usage in message_delta updates the input', () => {
    const reader = ANTHROPIC_WIRE.streamReader({ hideUsage: false });
    const frame = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const events = reader.push(
      frame('message_start', { message: { usage: { input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 1 } } }) +
        frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
        frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hi' } }) +
        frame('content_block_stop', { index: 0 }) +
        frame('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 't', name: 'f', input: {} } }) +
        frame('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } }) +
        frame('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { input_tokens: 12, cache_read_input_tokens: 90, output_tokens: 7 } }) +
        'data: [1,2]\n\n' +
        ': keep-alive\n\n',
    );
    assert.deepEqual(events.map((e) => e.preamble), [true, true, false, false, false, false, false, false, false]);
    assert.equal(texts(events), 'Hi');
    assert.deepEqual(events[0]!.usage, { inputTokens: 100, outputTokens: 1 });
    assert.deepEqual(events[6]!.usage, { inputTokens: 102, outputTokens: 7 });
    assert.deepEqual(events.map((e) => e.malformed), [false, false, false, false, false, false, false, true, false]);
    assert.deepEqual(events.map((e) => e.otherContent), [false, false, false, false, true, true, false, false, false], 'the tool call is content besides the text');
  });

  it('thinking, its signature and a tool\'s input are content besides the text; text blocks are not', () => {
    const reader = ANTHROPIC_WIRE.streamReader({ hideUsage: false });
    const frame = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const events = reader.push(
      frame('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }) +
        frame('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Let me see' } }) +
        frame('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'EqQB' } }) +
        frame('content_block_stop', { index: 0 }) +
        frame('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }) +
        frame('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Hi' } }),
    );
    assert.deepEqual(events.map((e) => e.otherContent), [true, true, true, false, false, false]);
    assert.deepEqual(events.map((e) => e.preamble), [false, false, false, false, false, false], 'nothing after the thinking opens the answer');
    assert.equal(texts(events), 'Hi');
  });
});

describe('Anthropic errors as @anthropic-ai/sdk raises them', () => {
  let server: TestServer;
  let answer: { status: number; headers: Record<string, string>; body: string };
  before(async () => {
    server = await serve((_req, res) => {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  after(() => server.close());
  const client = () => new Anthropic({ baseURL: server.url, apiKey: 'x', maxRetries: 0 });
  const ask = { model: MODEL, max_tokens: 10, messages: [{ role: 'user' as const, content: 'hi' }] };

  const cases: [number, new (...args: never[]) => APIError, string][] = [
    [400, Anthropic.BadRequestError, 'invalid_request_error'],
    [401, Anthropic.AuthenticationError, 'authentication_error'],
    [402, Anthropic.PaymentRequiredError, 'billing_error'],
    [403, Anthropic.PermissionDeniedError, 'permission_error'],
    [404, Anthropic.NotFoundError, 'not_found_error'],
    [413, Anthropic.ContentTooLargeError, 'request_too_large'],
    [429, Anthropic.RateLimitError, 'rate_limit_error'],
    [500, Anthropic.InternalServerError, 'api_error'],
    [502, Anthropic.InternalServerError, 'api_error'],
    [503, Anthropic.ServiceUnavailableError, 'overloaded_error'],
    [504, Anthropic.GatewayTimeoutError, 'timeout_error'],
    [529, Anthropic.OverloadedError, 'overloaded_error'],
  ];
  for (const [status, errorClass, type] of cases) {
    it(`${status}: ${errorClass.name} with our message, type ${type}, diagnosis and request id`, async () => {
      answer = ANTHROPIC_WIRE.errorResponse(gatewayError(status, `gateway says ${status}`, { details: { limit: 'rpm' } }));
      const error = (await raised(client().messages.create(ask))) as APIError;
      assert.equal(error.constructor, errorClass, String(error));
      assert.equal(error.status, status);
      assert.match(error.message, new RegExp(`^${status} .*gateway says ${status}`));
      assert.equal(error.type, type);
      assert.equal(error.requestID, `gw-${status}`);
      const body = error.error as { type: string; request_id: string; error: { details: unknown; llmdoctor: Record<string, unknown> } };
      assert.equal(body.type, 'error');
      assert.equal(body.request_id, `gw-${status}`);
      assert.deepEqual(body.error.details, { limit: 'rpm' });
      assert.deepEqual(body.error.llmdoctor, { category: 'rate_limited', title: `title ${status}`, cause: `cause of title ${status}`, fixes: [`fix title ${status}`], request_id: `gw-${status}` });
    });
  }

  it('keeps the upstream\'s own body (message, type, details) and adds the diagnosis', async () => {
    const upstreamBody = JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'This request would exceed the rate limit', details: { error_code: 'x' } }, request_id: 'req_up' });
    answer = ANTHROPIC_WIRE.errorResponse(gatewayError(429, 'ours', { upstreamBody, details: { limit: 'tpm' } }));
    const error = (await raised(client().messages.create(ask))) as APIError;
    assert.ok(error instanceof Anthropic.RateLimitError);
    assert.match(error.message, /exceed the rate limit/);
    const body = error.error as { request_id: string; error: { details: unknown; llmdoctor: Record<string, unknown> } };
    assert.equal(body.request_id, 'req_up');
    assert.deepEqual(body.error.details, { error_code: 'x' });
    assert.deepEqual(body.error.llmdoctor.details, { limit: 'tpm' });
    assert.equal(body.error.llmdoctor.request_id, 'gw-429');
  });

  it('an upstream body that is not Anthropic\'s (HTML, text) is replaced by ours', () => {
    const response = ANTHROPIC_WIRE.errorResponse(gatewayError(502, 'upstream answered HTML', { upstreamBody: '<html>502</html>', diagnosis: null }));
    assert.equal(response.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(response.body), {
      type: 'error',
      error: { type: 'api_error', message: 'upstream answered HTML', llmdoctor: { category: null, title: null, cause: null, fixes: [], request_id: 'gw-502' } },
      request_id: 'gw-502',
    });
  });

  const opening =
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}\n\n' +
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}\n\n';

  async function streamServer(): Promise<TestServer> {
    const failure = ANTHROPIC_WIRE.streamError(gatewayError(503, 'stream broke'));
    return serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(opening + failure);
    });
  }

  it('streamError after text: iterating a create({stream: true}) raises an APIError with the diagnosis', async () => {
    const broken = await streamServer();
    try {
      const stream = await new Anthropic({ baseURL: broken.url, apiKey: 'x', maxRetries: 0 }).messages.create({ ...ask, stream: true });
      const seen: string[] = [];
      const error = (await raised(
        (async () => {
          for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') seen.push(event.delta.text);
        })(),
      )) as APIError;
      assert.deepEqual(seen, ['Hello']);
      assert.ok(error instanceof APIError, String(error));
      assert.equal(error.type, 'overloaded_error');
      assert.match(error.message, /stream broke/);
      assert.equal((error.error as { error: { llmdoctor: { category: string } } }).error.llmdoctor.category, 'rate_limited');
    } finally {
      await broken.close();
    }
  });

  it('streamError after text: MessageStream rejects finalMessage() with the APIError', async () => {
    const broken = await streamServer();
    try {
      const stream = new Anthropic({ baseURL: broken.url, apiKey: 'x', maxRetries: 0 }).messages.stream(ask);
      stream.on('error', () => {});
      const error = (await raised(stream.finalMessage())) as APIError;
      assert.ok(error instanceof APIError, String(error));
      assert.match(error.message, /stream broke/);
    } finally {
      await broken.close();
    }
  });

  it('our reader reads streamError as an error and never as the end', () => {
    const events = ANTHROPIC_WIRE.streamReader({ hideUsage: false }).push(ANTHROPIC_WIRE.streamError(gatewayError(500, 'x')));
    assert.equal(events.length, 1);
    assert.ok(events[0]!.error && !events[0]!.terminates && !events[0]!.finishes);
  });
});

describe('Anthropic continuation', () => {
  const match = ANTHROPIC_WIRE.match('POST', '/v1/messages', {})!;
  const user = { role: 'user', content: 'Tell me.' };

  it('adds the partial answer as the assistant turn, trailing whitespace trimmed', () => {
    const body = { model: 'claude-sonnet-4-5', max_tokens: 100, stream: true, messages: [user] };
    assert.deepEqual(ANTHROPIC_WIRE.continuation(match, body, 'Once upon a \n'), { ...body, messages: [user, { role: 'assistant', content: 'Once upon a' }] });
    assert.deepEqual(body.messages, [user], 'the caller\'s body is not changed');
  });

  it('extends the caller\'s own prefill, as a string or as its last text block', () => {
    const asString = { model: 'claude-sonnet-4-5', messages: [user, { role: 'assistant', content: '{"a":' }] };
    assert.deepEqual(ANTHROPIC_WIRE.continuation(match, asString, ' 1, ')?.messages, [user, { role: 'assistant', content: '{"a": 1,' }]);
    const blocks = { model: 'claude-sonnet-4-5', messages: [user, { role: 'assistant', content: [{ type: 'text', text: 'Yes', cache_control: { type: 'ephemeral' } }] }] };
    assert.deepEqual(ANTHROPIC_WIRE.continuation(match, blocks, ', and more ')?.messages, [
      user,
      { role: 'assistant', content: [{ type: 'text', text: 'Yes, and more', cache_control: { type: 'ephemeral' } }] },
    ]);
    const afterImage = { model: 'claude-sonnet-4-5', messages: [user, { role: 'assistant', content: [{ type: 'image', source: {} }] }] };
    assert.deepEqual(ANTHROPIC_WIRE.continuation(match, afterImage, 'more')?.messages, [user, { role: 'assistant', content: [{ type: 'image', source: {} }, { type: 'text', text: 'more' }] }]);
  });

  it('cannot continue nothing, count_tokens, extended thinking, or Claude 4.6 and later', () => {
    const body = { model: 'claude-sonnet-4-5', messages: [user] };
    assert.equal(ANTHROPIC_WIRE.continuation(match, body, ''), null);
    assert.equal(ANTHROPIC_WIRE.continuation(match, body, ' \n\t'), null);
    assert.equal(ANTHROPIC_WIRE.continuation(ANTHROPIC_WIRE.match('POST', '/v1/messages/count_tokens', {})!, body, 'x'), null);
    assert.equal(ANTHROPIC_WIRE.continuation(match, { ...body, thinking: { type: 'enabled', budget_tokens: 2000 } }, 'x'), null);
    assert.notEqual(ANTHROPIC_WIRE.continuation(match, { ...body, thinking: { type: 'disabled' } }, 'x'), null);
    for (const model of ['claude-opus-4-6', 'claude-sonnet-4-6-20260101', 'us.anthropic.claude-opus-4-7-v1', 'claude-sonnet-5']) {
      assert.equal(ANTHROPIC_WIRE.continuation(match, { ...body, model }, 'x'), null, model);
    }
    for (const model of ['claude-opus-4-5-20251101', 'claude-3-7-sonnet-20250219', 'claude-opus-4-20250514', 'my-alias']) {
      assert.notEqual(ANTHROPIC_WIRE.continuation(match, { ...body, model }, 'x'), null, model);
    }
  });

  it('reads Claude generations from model ids', () => {
    assert.deepEqual(claudeVersion('claude-3-5-haiku-20241022'), [3, 5]);
    assert.deepEqual(claudeVersion('claude-opus-4-20250514'), [4, 0]);
    assert.deepEqual(claudeVersion('claude-haiku-4-5'), [4, 5]);
    assert.deepEqual(claudeVersion('claude-opus-4-6@20260201'), [4, 6]);
    assert.equal(claudeVersion('gpt-4o'), null);
  });
});

describe('Anthropic endpoints', () => {
  const expectMatch = (method: string, path: string, headers: Record<string, string>, expected: Partial<EndpointMatch> | null) => {
    const match = ANTHROPIC_WIRE.match(method, path, headers);
    if (expected === null) assert.equal(match, null, `${method} ${path}`);
    else assert.deepEqual(match && { ...match }, { family: 'anthropic', hasBody: false, pathModel: null, generates: false, modelIn: 'none', ...expected }, `${method} ${path}`);
  };

  it('serves messages and count_tokens, with or without anthropic-version', () => {
    expectMatch('POST', '/v1/messages', {}, { operation: 'messages', generates: true, modelIn: 'body', hasBody: true });
    expectMatch('post', '/v1/messages', VERSION, { operation: 'messages', generates: true, modelIn: 'body', hasBody: true });
    expectMatch('POST', '/v1/messages/count_tokens', {}, { operation: 'messages.count_tokens', modelIn: 'body', hasBody: true });
    expectMatch('GET', '/v1/messages', VERSION, null);
    expectMatch('POST', '/v1/messages/batches', VERSION, null);
    expectMatch('POST', '/v1/chat/completions', VERSION, null);
  });

  it('claims /v1/models only with an anthropic-version header (OpenAI has the same path)', () => {
    expectMatch('GET', '/v1/models', VERSION, { operation: 'models.list' });
    expectMatch('GET', '/v1/models', {}, null);
    expectMatch('GET', '/v1/models/claude-opus-4-5-20251101', VERSION, { operation: 'models.get', modelIn: 'path', pathModel: 'claude-opus-4-5-20251101' });
    expectMatch('GET', '/v1/models/claude-opus-4-5', {}, null);
    expectMatch('GET', '/v1/models/..%2Fadmin', VERSION, null);
    assert.equal(matchEndpoint('GET', '/v1/models', VERSION)?.family, 'anthropic');
  });

  it('streams when the body says stream: true; withModel renames; usage needs no asking', () => {
    const match = ANTHROPIC_WIRE.match('POST', '/v1/messages', {})!;
    assert.equal(ANTHROPIC_WIRE.streaming(match, { stream: true }, new URLSearchParams()), true);
    assert.equal(ANTHROPIC_WIRE.streaming(match, { stream: 'true' }, new URLSearchParams()), false);
    assert.equal(ANTHROPIC_WIRE.streaming(match, null, new URLSearchParams()), false);
    const body = { model: 'a', max_tokens: 5 };
    assert.deepEqual(ANTHROPIC_WIRE.withModel(body, 'b'), { model: 'b', max_tokens: 5 });
    assert.equal(body.model, 'a');
    assert.deepEqual(ANTHROPIC_WIRE.withStreamUsage(body), { body, hideUsage: false });
  });

  it('estimates tokens from the text and max_tokens; reads usage of answers and token counts', () => {
    const body = { model: 'm', max_tokens: 100, system: 'x'.repeat(40), messages: [{ role: 'user', content: [{ type: 'text', text: 'y'.repeat(40) }, { type: 'image', source: { data: 'z'.repeat(10_000) } }] }] };
    assert.equal(ANTHROPIC_WIRE.estimateTokens(body), 20 + 100);
    assert.equal(ANTHROPIC_WIRE.estimateTokens(null), 0);
    assert.deepEqual(ANTHROPIC_WIRE.usageOf({ usage: { input_tokens: 5, cache_creation_input_tokens: 2, cache_read_input_tokens: 3, output_tokens: 7 } }), { inputTokens: 10, outputTokens: 7 });
    assert.deepEqual(ANTHROPIC_WIRE.usageOf({ input_tokens: 42 }), { inputTokens: 42, outputTokens: 0 });
    assert.equal(ANTHROPIC_WIRE.usageOf({ data: [] }), null);
    assert.equal(ANTHROPIC_WIRE.usageOf('text'), null);
  });
});

describe('Anthropic upstream dialect', () => {
  const messages = ANTHROPIC_WIRE.match('POST', '/v1/messages', {})!;

  it('normalises base URLs as the SDK takes them (no /v1, no trailing slash)', () => {
    for (const base of ['https://api.anthropic.com', 'https://api.anthropic.com/', 'https://api.anthropic.com/v1', 'https://api.anthropic.com/v1/ ']) {
      assert.equal(ANTHROPIC_DIALECT.normaliseBaseUrl(base), 'https://api.anthropic.com', base);
    }
    assert.equal(ANTHROPIC_DIALECT.normaliseBaseUrl('http://127.0.0.1:9/anthropic/'), 'http://127.0.0.1:9/anthropic');
  });

  it('builds each operation\'s URL, keeps the query without credentials', () => {
    const base = 'https://api.anthropic.com/v1/';
    assert.equal(ANTHROPIC_DIALECT.url(base, messages, 'claude-x', new URLSearchParams('beta=true&key=secret&api_key=s2')), 'https://api.anthropic.com/v1/messages?beta=true');
    assert.equal(ANTHROPIC_DIALECT.url(base, ANTHROPIC_WIRE.match('POST', '/v1/messages/count_tokens', {})!, 'm', new URLSearchParams()), 'https://api.anthropic.com/v1/messages/count_tokens');
    assert.equal(ANTHROPIC_DIALECT.url(base, ANTHROPIC_WIRE.match('GET', '/v1/models', VERSION)!, null, new URLSearchParams('limit=5')), 'https://api.anthropic.com/v1/models?limit=5');
    const get = ANTHROPIC_WIRE.match('GET', '/v1/models/alias', VERSION)!;
    assert.equal(ANTHROPIC_DIALECT.url(base, get, 'claude-haiku-4-5', new URLSearchParams()), 'https://api.anthropic.com/v1/models/claude-haiku-4-5');
    assert.equal(ANTHROPIC_DIALECT.url(base, get, null, new URLSearchParams()), 'https://api.anthropic.com/v1/models/alias');
    assert.equal(ANTHROPIC_DIALECT.probePath(base), 'https://api.anthropic.com/v1/models');
  });

  it('sends the key as x-api-key and forwards no credential header', () => {
    assert.deepEqual(ANTHROPIC_DIALECT.authHeaders('k'), { 'x-api-key': 'k' });
    assert.deepEqual(ANTHROPIC_DIALECT.defaultHeaders, { 'anthropic-version': '2023-06-01' });
    for (const header of ['x-api-key', 'authorization', 'cookie']) assert.ok(!ANTHROPIC_DIALECT.forwardedHeaders.includes(header));
    assert.ok(ANTHROPIC_DIALECT.forwardedHeaders.includes('anthropic-beta'));
  });

  it('its URL and headers reach the simulator\'s Messages API', async () => {
    const text = await mockStream('ok', { ...request, stream: false });
    const answer = JSON.parse(text);
    assert.equal(answer.type, 'message');
    assert.ok(ANTHROPIC_WIRE.usageOf(answer)!.outputTokens > 0);
  });
});
