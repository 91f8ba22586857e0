import { ApiError, GoogleGenAI } from '@google/genai';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { GEMINI_DIALECT } from '../../src/providers/gemini/dialect.js';
import { GEMINI_WIRE } from '../../src/providers/gemini/wire.js';
import type { EndpointMatch, StreamEvent } from '../../src/providers/wire.js';
import { matchEndpoint } from '../../src/providers/wires.js';
import { gatewayError, raised, readInPieces, serve, type TestServer } from './wire-support-native.js';

/**
 * The Gemini wire format against streams the simulator plays (`alt=sse`, CRLF framed as Google
 * sends them) and against @google/genai, which must raise our errors as ApiError.
 */

const MODEL = 'gemini-2.5-flash';
const request = { contents: [{ role: 'user', parts: [{ text: 'Say hello.' }] }], generationConfig: { maxOutputTokens: 200 } };

let mock: RunningMock;
let key: string;

before(async () => {
  mock = await startMock({ seed: 9, firstTokenMs: 0, tokensPerSecond: 0 });
  key = mock.issueKey('gemini');
});
after(() => mock.close());

const streamMatch = () => GEMINI_WIRE.match('POST', `/v1beta/models/alias:streamGenerateContent`, {})!;

/** A stream as the gateway would ask it: the dialect's URL (the caller's query had no alt=sse, but a key=). */
async function mockStream(scenario = 'ok'): Promise<string> {
  const url = GEMINI_DIALECT.url(mock.baseUrls.gemini, streamMatch(), MODEL, new URLSearchParams({ key: 'caller-key' }));
  const headers = { ...GEMINI_DIALECT.authHeaders(key), 'content-type': 'application/json', 'x-mock-scenario': scenario };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(request) });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  return response.text();
}

/** What the stream says, read the plain way (whole text, split at CRLF blank lines): the reader must agree. */
function oracle(text: string): { text: string; input: number; output: number; chunks: number } {
  let answer = '';
  let input = 0;
  let output = 0;
  const frames = text.split('\r\n\r\n').filter((f) => f !== '');
  for (const frame of frames) {
    const chunk = JSON.parse(frame.slice('data: '.length));
    answer += chunk.candidates[0].content.parts.map((p: { text: string }) => p.text).join('');
    input = chunk.usageMetadata.promptTokenCount;
    output = chunk.usageMetadata.candidatesTokenCount ?? 0;
  }
  return { text: answer, input, output, chunks: frames.length };
}

const texts = (events: StreamEvent[]) => events.map((e) => e.text).join('');

describe('Gemini stream reader on the simulator\'s streams', () => {
  it('reads a whole stream fed in random pieces: raw kept, text, usage, last chunk finishes and ends', async () => {
    const stream = await mockStream();
    const expected = oracle(stream);
    assert.ok(expected.chunks >= 3 && expected.output > 0);
    for (let seed = 1; seed <= 25; seed++) {
      const events = readInPieces(GEMINI_WIRE.streamReader({ hideUsage: false }), stream, seed);
      assert.equal(events.length, expected.chunks, 'one event per chunk, CRLF pairs kept together');
      assert.equal(events.map((e) => e.raw).join(''), stream);
      assert.ok(events.every((e) => e.raw.endsWith('\r\n\r\n')));
      assert.equal(texts(events), expected.text);
      assert.deepEqual(events[events.length - 1]!.usage, { inputTokens: expected.input, outputTokens: expected.output });
      assert.deepEqual(events.map((e) => e.finishes), events.map((_, i) => i === events.length - 1));
      assert.deepEqual(events.map((e) => e.terminates), events.map((_, i) => i === events.length - 1));
      assert.ok(events.every((e) => !e.preamble && !e.malformed && !e.hidden && e.error === null));
    }
  });

  it('flags the chunk cut in half (malformed_chunk) and reads on', async () => {
    const stream = await mockStream('malformed_chunk');
    for (let seed = 1; seed <= 10; seed++) {
      const events = readInPieces(GEMINI_WIRE.streamReader({ hideUsage: false }), stream, seed);
      assert.equal(events.filter((e) => e.malformed).length, 1);
      assert.equal(events.filter((e) => e.terminates).length, 1);
    }
  });

  it('a stream that lost its finishing chunk (no_done) never ends; the terminator is empty', async () => {
    const events = readInPieces(GEMINI_WIRE.streamReader({ hideUsage: false }), await mockStream('no_done'), 4);
    assert.ok(events.length > 0);
    assert.ok(events.every((e) => !e.finishes && !e.terminates));
    assert.equal(GEMINI_WIRE.streamTerminator(), '');
  });

  it('skips thought parts, reports thinking tokens as output, ends on a refused prompt, flags errors and non-objects', () => {
    const reader = GEMINI_WIRE.streamReader({ hideUsage: false });
    const chunk = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
    const events = reader.push(
      chunk({ candidates: [{ content: { parts: [{ text: 'pondering', thought: true }, { text: 'Hi' }, { text: ' there' }], role: 'model' } }], usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 2, thoughtsTokenCount: 30 } }) +
        chunk({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4 } }) +
        chunk({ error: { code: 500, message: 'boom', status: 'INTERNAL' } }) +
        chunk([1]) +
        'data: {"candidates": [\n\n',
    );
    assert.equal(events[0]!.text, 'Hi there');
    assert.deepEqual(events[0]!.usage, { inputTokens: 4, outputTokens: 32 });
    assert.ok(events[1]!.finishes && events[1]!.terminates);
    assert.deepEqual(events[2]!.error, { error: { code: 500, message: 'boom', status: 'INTERNAL' } });
    assert.deepEqual(events.map((e) => e.malformed), [false, false, false, true, true]);
  });

  it('a thought, a function call or code is content besides the text; a text part with its signature is not', () => {
    const reader = GEMINI_WIRE.streamReader({ hideUsage: false });
    const chunk = (...parts: object[]) => `data: ${JSON.stringify({ candidates: [{ content: { parts, role: 'model' } }] })}\n\n`;
    const events = reader.push(
      chunk({ text: 'pondering', thought: true }) +
        chunk({ text: 'Hi', thoughtSignature: 'CiQB' }) +
        chunk({ functionCall: { name: 'f', args: { a: 1 } }, thoughtSignature: 'CiQB' }) +
        chunk({ executableCode: { language: 'PYTHON', code: 'print(1)' } }) +
        chunk({ text: '' }),
    );
    assert.deepEqual(events.map((e) => e.otherContent), [true, false, true, true, false]);
  });
});

describe('Gemini errors as @google/genai raises them', () => {
  let server: TestServer;
  let answer: { status: number; headers: Record<string, string>; body: string };
  before(async () => {
    server = await serve((_req, res) => {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  after(() => server.close());
  const ai = () => new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl: server.url } });

  const cases: [number, string][] = [
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
    [402, 'RESOURCE_EXHAUSTED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [413, 'INVALID_ARGUMENT'],
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
    [504, 'DEADLINE_EXCEEDED'],
  ];
  for (const [status, statusName] of cases) {
    it(`${status}: ApiError with the status, ${statusName}, our message and the diagnosis`, async () => {
      answer = GEMINI_WIRE.errorResponse(gatewayError(status, `gateway says ${status}`, { details: { limit: 'rpm' } }));
      for (const call of [() => ai().models.generateContent({ model: MODEL, contents: 'hi' }), () => ai().models.generateContentStream({ model: MODEL, contents: 'hi' })]) {
        const error = (await raised(call())) as ApiError;
        assert.ok(error instanceof ApiError, String(error));
        assert.equal(error.status, status);
        const body = JSON.parse(error.message);
        assert.deepEqual(body, {
          error: {
            code: status,
            message: `gateway says ${status}`,
            status: statusName,
            llmdoctor: { category: 'rate_limited', title: `title ${status}`, cause: `cause of title ${status}`, fixes: [`fix title ${status}`], request_id: `gw-${status}`, details: { limit: 'rpm' } },
          },
        });
      }
    });
  }

  it('keeps the upstream\'s own google.rpc body, typed details and all, and adds the diagnosis', async () => {
    const details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '15s' }];
    const upstream = { error: { code: 429, message: 'You exceeded your current quota', status: 'RESOURCE_EXHAUSTED', details } };
    for (const upstreamBody of [JSON.stringify(upstream), `[${JSON.stringify(upstream, null, 2)}\n]`]) {
      answer = GEMINI_WIRE.errorResponse(gatewayError(429, 'ours', { upstreamBody }));
      const error = (await raised(ai().models.generateContent({ model: MODEL, contents: 'hi' }))) as ApiError;
      assert.equal(error.status, 429);
      const body = JSON.parse(error.message);
      assert.equal(body.error.message, 'You exceeded your current quota');
      assert.deepEqual(body.error.details, details);
      assert.equal(body.error.llmdoctor.category, 'rate_limited');
    }
  });

  it('an upstream body that is not Google\'s (an HTML 404 page) is replaced by ours', () => {
    const response = GEMINI_WIRE.errorResponse(gatewayError(404, 'no such path upstream', { upstreamBody: '<!DOCTYPE html><title>Error 404</title>', diagnosis: null }));
    assert.match(response.headers['content-type']!, /^application\/json/);
    assert.deepEqual(JSON.parse(response.body), {
      error: { code: 404, message: 'no such path upstream', status: 'NOT_FOUND', llmdoctor: { category: null, title: null, cause: null, fixes: [], request_id: 'gw-404' } },
    });
  });

  const firstChunk = 'data: {"candidates":[{"content":{"parts":[{"text":"Hello"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":1}}\r\n\r\n';

  for (const status of [503, 200]) {
    it(`streamError (gateway status ${status}) after a chunk: iterating generateContentStream raises ApiError`, async () => {
      const broken = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(firstChunk + GEMINI_WIRE.streamError(gatewayError(status, 'stream broke')));
      });
      try {
        const stream = await new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl: broken.url } }).models.generateContentStream({ model: MODEL, contents: 'hi' });
        const seen: string[] = [];
        const error = (await raised(
          (async () => {
            for await (const chunk of stream) seen.push(chunk.text ?? '');
          })(),
        )) as ApiError;
        assert.deepEqual(seen, ['Hello']);
        assert.ok(error instanceof ApiError, String(error));
        assert.equal(error.status, status === 200 ? 500 : status);
        assert.match(error.message, /stream broke/);
        assert.match(error.message, /"llmdoctor":\{"category":"rate_limited"/);
      } finally {
        await broken.close();
      }
    });
  }

  it('our reader reads streamError as an error and never as the end', () => {
    const events = GEMINI_WIRE.streamReader({ hideUsage: false }).push(GEMINI_WIRE.streamError(gatewayError(500, 'x')));
    assert.equal(events.length, 1);
    assert.ok(events[0]!.error && !events[0]!.terminates && !events[0]!.finishes);
  });
});

describe('Gemini continuation', () => {
  const match = GEMINI_WIRE.match('POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent', {})!;
  const user = { role: 'user', parts: [{ text: 'Tell me.' }] };

  it('adds the partial answer as a final model turn, whitespace kept', () => {
    const body = { contents: [user], generationConfig: { maxOutputTokens: 50 } };
    assert.deepEqual(GEMINI_WIRE.continuation(match, body, 'Once upon a '), { ...body, contents: [user, { role: 'model', parts: [{ text: 'Once upon a ' }] }] });
    assert.deepEqual(body.contents, [user]);
  });

  it('extends a final model turn the caller sent, and takes a single Content for a list', () => {
    const prefilled = { contents: [user, { role: 'model', parts: [{ text: '{"a":' }] }] };
    assert.deepEqual(GEMINI_WIRE.continuation(match, prefilled, ' 1')?.contents, [user, { role: 'model', parts: [{ text: '{"a": 1' }] }]);
    const afterThought = { contents: [user, { role: 'model', parts: [{ text: 'hmm', thought: true }] }] };
    assert.deepEqual(GEMINI_WIRE.continuation(match, afterThought, 'Yes')?.contents, [user, { role: 'model', parts: [{ text: 'hmm', thought: true }, { text: 'Yes' }] }]);
    assert.deepEqual(GEMINI_WIRE.continuation(match, { contents: user }, 'Yes')?.contents, [user, { role: 'model', parts: [{ text: 'Yes' }] }]);
  });

  it('cannot continue nothing or an operation that does not generate', () => {
    assert.equal(GEMINI_WIRE.continuation(match, { contents: [user] }, ''), null);
    assert.equal(GEMINI_WIRE.continuation(GEMINI_WIRE.match('POST', '/v1beta/models/m:countTokens', {})!, { contents: [user] }, 'x'), null);
    assert.equal(GEMINI_WIRE.continuation(match, { contents: 'text' }, 'x'), null);
  });
});

describe('Gemini endpoints', () => {
  const expectMatch = (method: string, path: string, expected: Partial<EndpointMatch> | null, headers: Record<string, string> = {}) => {
    const match = GEMINI_WIRE.match(method, path, headers);
    if (expected === null) return assert.equal(match, null, `${method} ${path}`);
    const { family, operation, generates, modelIn, pathModel, hasBody } = match ?? ({} as EndpointMatch);
    assert.deepEqual({ family, operation, generates, modelIn, pathModel, hasBody }, { family: 'gemini', generates: false, modelIn: 'path', hasBody: true, ...expected }, `${method} ${path}`);
  };

  it('serves each method on /v1beta and /v1, the model url-encoded or not', () => {
    expectMatch('POST', '/v1beta/models/gemini-2.5-flash:generateContent', { operation: 'generateContent', generates: true, pathModel: MODEL });
    expectMatch('POST', '/v1/models/gemini-2.5-flash:streamGenerateContent', { operation: 'streamGenerateContent', generates: true, pathModel: MODEL });
    expectMatch('POST', '/v1beta/models/gemini-2.5-flash%3AgenerateContent', { operation: 'generateContent', generates: true, pathModel: MODEL });
    expectMatch('POST', '/v1beta/models/models%2Fgemini-2.5-flash:countTokens', { operation: 'countTokens', pathModel: MODEL });
    expectMatch('POST', '/v1beta/models/text-embedding-004:embedContent', { operation: 'embedContent', pathModel: 'text-embedding-004' });
    expectMatch('POST', '/v1beta/models/text-embedding-004:batchEmbedContents', { operation: 'batchEmbedContents', pathModel: 'text-embedding-004' });
    expectMatch('GET', '/v1beta/models', { operation: 'models.list', modelIn: 'none', pathModel: null, hasBody: false });
    expectMatch('GET', '/v1/models/gemini-2.5-flash', { operation: 'models.get', pathModel: MODEL, hasBody: false }, { 'x-goog-api-key': 'k' });
  });

  it('claims GET /v1/models only with a Google client header (OpenAI has the same path)', () => {
    expectMatch('GET', '/v1/models', null);
    expectMatch('GET', '/v1/models/gpt-4o', null, { authorization: 'Bearer k' });
    expectMatch('GET', '/v1/models', { operation: 'models.list', modelIn: 'none', pathModel: null, hasBody: false }, { 'x-goog-api-client': 'google-genai-sdk/2.32.0 gl-node/v20' });
    assert.notEqual(matchEndpoint('GET', '/v1/models', { authorization: 'Bearer k' })?.family, 'gemini');
    assert.equal(matchEndpoint('GET', '/v1/models', { 'x-goog-api-key': 'k' })?.family, 'gemini');
    assert.equal(matchEndpoint('GET', '/v1beta/models', {})?.family, 'gemini');
  });

  it('refuses other methods, verbs, tuned models and odd model names', () => {
    expectMatch('POST', '/v1beta/models/gemini-2.5-flash:predict', null);
    expectMatch('GET', '/v1beta/models/gemini-2.5-flash:generateContent', null);
    expectMatch('POST', '/v1beta/models', null);
    expectMatch('POST', '/v1beta/tunedModels/my-model:generateContent', null);
    expectMatch('POST', '/v1beta/models/..%2F..%2Fx:generateContent', null);
    expectMatch('POST', '/v1beta/models/a/b:generateContent', null);
    expectMatch('POST', '/v2/models/gemini-2.5-flash:generateContent', null);
    expectMatch('POST', '/v1/messages', null);
  });

  it('streams for streamGenerateContent only; withModel keeps bodies but renames batch requests', () => {
    const query = new URLSearchParams('alt=sse');
    assert.equal(GEMINI_WIRE.streaming(streamMatch(), null, new URLSearchParams()), true);
    assert.equal(GEMINI_WIRE.streaming(GEMINI_WIRE.match('POST', '/v1beta/models/m:generateContent', {})!, { stream: true }, query), false);
    const body = { contents: [] };
    assert.equal(GEMINI_WIRE.withModel(body, 'other'), body);
    assert.deepEqual(GEMINI_WIRE.withModel({ requests: [{ model: 'models/alias', content: {} }] }, 'text-embedding-004'), {
      requests: [{ model: 'models/text-embedding-004', content: {} }],
    });
    assert.deepEqual(GEMINI_WIRE.withStreamUsage(body), { body, hideUsage: false });
  });

  it('estimates tokens from text parts and maxOutputTokens; reads usage of answers and token counts', () => {
    const body = {
      systemInstruction: { parts: [{ text: 's'.repeat(20) }] },
      contents: [{ role: 'user', parts: [{ text: 'x'.repeat(60) }, { inlineData: { mimeType: 'image/png', data: 'z'.repeat(10_000) } }] }],
      generationConfig: { maxOutputTokens: 64 },
    };
    assert.equal(GEMINI_WIRE.estimateTokens(body), 20 + 64);
    assert.equal(GEMINI_WIRE.estimateTokens({ contents: [] }), 0);
    assert.deepEqual(GEMINI_WIRE.usageOf({ usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 7, thoughtsTokenCount: 3 } }), { inputTokens: 5, outputTokens: 10 });
    assert.deepEqual(GEMINI_WIRE.usageOf({ usageMetadata: {} }), { inputTokens: 0, outputTokens: 0 });
    assert.deepEqual(GEMINI_WIRE.usageOf({ totalTokens: 12 }), { inputTokens: 12, outputTokens: 0 });
    assert.equal(GEMINI_WIRE.usageOf({ embedding: { values: [] } }), null);
  });
});

describe('Gemini upstream dialect', () => {
  it('normalises base URLs as the SDK takes them (no version, no trailing slash)', () => {
    for (const base of ['https://generativelanguage.googleapis.com', 'https://generativelanguage.googleapis.com/', 'https://generativelanguage.googleapis.com/v1beta/', 'https://generativelanguage.googleapis.com/v1']) {
      assert.equal(GEMINI_DIALECT.normaliseBaseUrl(base), 'https://generativelanguage.googleapis.com', base);
    }
  });

  it('puts the target model in the caller\'s path and version, drops key=, asks streams as SSE', () => {
    const base = 'https://generativelanguage.googleapis.com/v1beta';
    const v1Stream = GEMINI_WIRE.match('POST', '/v1/models/alias:streamGenerateContent', {})!;
    assert.equal(GEMINI_DIALECT.url(base, v1Stream, 'gemini-2.5-pro', new URLSearchParams('key=secret&api_key=s2')), 'https://generativelanguage.googleapis.com/v1/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    assert.equal(GEMINI_DIALECT.url(base, v1Stream, 'gemini-2.5-pro', new URLSearchParams('alt=json&$alt=json')), 'https://generativelanguage.googleapis.com/v1/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    const generate = GEMINI_WIRE.match('POST', '/v1beta/models/alias:generateContent', {})!;
    assert.equal(GEMINI_DIALECT.url(base, generate, MODEL, new URLSearchParams('key=secret')), `https://generativelanguage.googleapis.com/v1beta/models/${MODEL}:generateContent`);
    assert.equal(GEMINI_DIALECT.url(base, generate, null, new URLSearchParams()), 'https://generativelanguage.googleapis.com/v1beta/models/alias:generateContent');
    const list = GEMINI_WIRE.match('GET', '/v1beta/models', {})!;
    assert.equal(GEMINI_DIALECT.url(base, list, null, new URLSearchParams('pageSize=5&key=k')), 'https://generativelanguage.googleapis.com/v1beta/models?pageSize=5');
    assert.equal(GEMINI_DIALECT.url(base, GEMINI_WIRE.match('GET', '/v1/models/alias', { 'x-goog-api-key': 'k' })!, MODEL, new URLSearchParams()), `https://generativelanguage.googleapis.com/v1/models/${MODEL}`);
    assert.equal(GEMINI_DIALECT.probePath(base), 'https://generativelanguage.googleapis.com/v1beta/models');
  });

  it('sends the key as x-goog-api-key and forwards no credential header', () => {
    assert.deepEqual(GEMINI_DIALECT.authHeaders('k'), { 'x-goog-api-key': 'k' });
    for (const header of ['x-goog-api-key', 'authorization', 'cookie']) assert.ok(!GEMINI_DIALECT.forwardedHeaders.includes(header));
  });

  it('its URL and headers reach the simulator\'s generateContent', async () => {
    const match = GEMINI_WIRE.match('POST', '/v1beta/models/alias:generateContent', {})!;
    const response = await fetch(GEMINI_DIALECT.url(mock.baseUrls.gemini, match, MODEL, new URLSearchParams()), {
      method: 'POST',
      headers: { ...GEMINI_DIALECT.authHeaders(key), 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    assert.equal(response.status, 200);
    assert.ok(GEMINI_WIRE.usageOf(await response.json())!.outputTokens > 0);
  });
});
