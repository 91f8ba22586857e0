import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';
import { postBytes, sendRaw } from './support/raw-http.js';
import { postJson } from './support/sse-text.js';
import { startTripwire, type Tripwire } from './support/tripwire.js';

/**
 * What clients can send that the gateway must refuse cleanly (bad JSON, oversized bodies, no model,
 * unknown paths, broken HTTP) and what must never choose where the gateway connects (SSRF): every
 * refusal in the caller's API format, and the server keeps serving afterwards.
 */

const MAX_BODY = 1_024;
const ANTHROPIC = { 'anthropic-version': '2023-06-01' };
const LIMIT = { timeout: 10_000 };
type Json = Record<string, unknown>;

/** The request paths of each format, and where the error sits in its body. */
const FORMATS = {
  openai: { path: '/v1/chat/completions', headers: {} as Record<string, string> },
  anthropic: { path: '/v1/messages', headers: ANTHROPIC as Record<string, string> },
  gemini: { path: '/v1beta/models/gemini-2.5-flash:generateContent', headers: {} as Record<string, string> },
} as const;
type Format = keyof typeof FORMATS;

/** Checks an error body has the shape the format's SDK reads, with our diagnosis inside; returns the diagnosis. */
function errorIn(format: Format, status: number, text: string): Json {
  const body = JSON.parse(text) as Json;
  const error = body.error as Json;
  if (format === 'openai') {
    assert.equal(typeof error.message, 'string');
    assert.ok('type' in error && 'param' in error && 'code' in error, text);
  } else if (format === 'anthropic') {
    assert.equal(body.type, 'error');
    assert.equal(typeof error.type, 'string');
    assert.equal(typeof error.message, 'string');
  } else {
    assert.equal(error.code, status);
    assert.equal(typeof error.status, 'string');
    assert.equal(typeof error.message, 'string');
  }
  return error.llmdoctor as Json;
}

describe('e2e input safety', () => {
  let rig: Rig;
  let tripwire: Tripwire;

  before(async () => {
    tripwire = await startTripwire();
    rig = await startRig((mock) =>
      gatewayConfig(
        mock,
        [
          { name: 'openai', provider: 'openai', keys: [mock.issueKey('openai')] },
          { name: 'anthropic', provider: 'anthropic', keys: [mock.issueKey('anthropic')] },
          { name: 'gemini', provider: 'gemini', keys: [mock.issueKey('gemini')] },
        ],
        [],
        {},
        { maxBodyBytes: MAX_BODY },
      ),
    );
  });
  after(async () => {
    await rig?.close();
    await tripwire?.close();
  });

  async function stillServing(): Promise<void> {
    const health = await fetch(`${rig.gateway.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
  }

  for (const format of Object.keys(FORMATS) as Format[]) {
    it(`${format}: a body that is not JSON, or not an object, gets 400 in the format`, LIMIT, async () => {
      const from = rig.mock.attempts().length;
      for (const body of ['{"model":', '[1,2]', 'null', 'model=gpt-4o']) {
        const answer = await postJson(`${rig.gateway.url}${FORMATS[format].path}`, body, FORMATS[format].headers);
        assert.equal(answer.status, 400, body);
        assert.equal(answer.headers.get('x-llmdoctor-category'), 'bad_request');
        assert.match(answer.headers.get('x-llmdoctor-request-id') ?? '', /^req_[0-9a-f]{32}$/);
        const note = errorIn(format, 400, answer.text);
        assert.equal(note.title, 'The request body is not a JSON object');
      }
      assert.equal(rig.mock.attempts().length, from, 'nothing reached a provider');
    });
  }

  it('the OpenAI and Anthropic SDKs raise BadRequestError for a body the gateway cannot parse', LIMIT, async () => {
    // The SDKs always send valid JSON: their fetch is swapped for one that garbles the body on the way
    const garble: typeof fetch = (url, init) => fetch(url, { ...init, body: '{"model": "gpt-4o-mini", "messages": [' });
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, fetch: garble });
    const openaiError = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    assert.ok(openaiError instanceof OpenAI.BadRequestError, String(openaiError));
    assert.match(openaiError.message, /not a JSON object/);
    const anthropic = new Anthropic({ baseURL: rig.gateway.url, apiKey: 'unused', maxRetries: 0, fetch: garble });
    const anthropicError = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    assert.ok(anthropicError instanceof Anthropic.BadRequestError, String(anthropicError));
    assert.match(anthropicError.message, /not a JSON object/);
  });

  for (const format of Object.keys(FORMATS) as Format[]) {
    it(`${format}: a body over limits.maxBodyBytes gets 413, declared or chunked, and the server keeps serving`, LIMIT, async () => {
      const from = rig.mock.attempts().length;
      for (const chunked of [false, true]) {
        const answer = await postBytes(`${rig.gateway.url}${FORMATS[format].path}`, 64 * MAX_BODY, { chunked, headers: FORMATS[format].headers, chunkBytes: 512 });
        assert.equal(answer.status, 413, `chunked: ${chunked}`);
        const note = errorIn(format, 413, answer.body);
        assert.equal(note.title, 'Request body too large');
        assert.match(String(note.cause), /1024 bytes/);
      }
      // Just under the limit is read (and served)
      const small = await postBytes(`${rig.gateway.url}${FORMATS.openai.path}`, MAX_BODY - 10, { chunked: true });
      assert.notEqual(small.status, 413);
      assert.equal(rig.mock.attempts().length, from + 1, 'only the small body reached a provider');
      await stillServing();
    });
  }

  it('a body that names no model gets 400 (OpenAI, Anthropic); the SDK raises BadRequestError', LIMIT, async () => {
    for (const format of ['openai', 'anthropic'] as const) {
      for (const body of [{ messages: [{ role: 'user', content: 'hi' }] }, { model: '  ', messages: [] }, { model: 42, messages: [] }]) {
        const answer = await postJson(`${rig.gateway.url}${FORMATS[format].path}`, body, FORMATS[format].headers);
        assert.equal(answer.status, 400, JSON.stringify(body));
        assert.equal(errorIn(format, 400, answer.text).title, 'The request names no model');
      }
    }
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const error = await openai.chat.completions.create({ messages: [{ role: 'user', content: 'hi' }] } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming).catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.match(error.message, /names no model/);
  });

  it('an unknown path gets 404 in the format the path or headers suggest', LIMIT, async () => {
    const cases: Array<{ method: string; path: string; headers?: Record<string, string>; format: Format }> = [
      { method: 'GET', path: '/v1/assistants', format: 'openai' },
      { method: 'POST', path: '/v1/chat/completion', format: 'openai' },
      { method: 'POST', path: '/v1/messages/batches', headers: ANTHROPIC, format: 'anthropic' },
      { method: 'GET', path: '/v1/files', headers: ANTHROPIC, format: 'anthropic' },
      { method: 'GET', path: '/v1beta/tunedModels', format: 'gemini' },
      { method: 'POST', path: '/v1beta/models/gemini-2.5-flash:predict', format: 'gemini' },
    ];
    for (const c of cases) {
      const response = await fetch(`${rig.gateway.url}${c.path}`, { method: c.method, headers: c.headers, body: c.method === 'POST' ? '{}' : undefined });
      assert.equal(response.status, 404, c.path);
      assert.equal(response.headers.get('x-llmdoctor-category'), 'wrong_endpoint');
      const note = errorIn(c.format, 404, await response.text());
      assert.equal(note.category, 'wrong_endpoint', c.path);
    }
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v2`, apiKey: 'unused', maxRetries: 0 });
    assert.ok((await openai.models.list().catch((e: unknown) => e)) instanceof OpenAI.NotFoundError);
  });

  it('a malformed request line or header line gets 400 on the raw socket, and the server keeps serving', LIMIT, async () => {
    const broken = [
      'GET /v1/models HTTP/1.1\r\nHost: gateway\r\nThis line has no colon\r\n\r\n',
      'GET /v1/models HTTP/1.1\r\nHost: gateway\r\nX-Bad\u0001Name: 1\r\n\r\n',
      'NONSENSE\r\n\r\n',
      'POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{"a":1}',
    ];
    for (const text of broken) {
      const answer = await sendRaw(rig.gateway.port, text);
      assert.equal(answer.status, 400, JSON.stringify(text));
      assert.equal(answer.headers['content-type'], 'application/json');
      assert.match((JSON.parse(answer.body) as { error: { message: string } }).error.message, /malformed HTTP request/);
      await stillServing();
    }
  });

  describe('SSRF: nothing in a request chooses where the gateway connects', () => {
    /** Every mock attempt stayed under the configured base path of its provider. */
    function assertOnlyConfiguredUpstream(from: number): void {
      assert.deepEqual(tripwire.hits, [], 'the tripwire was never reached');
      for (const attempt of rig.mock.attempts().slice(from)) {
        assert.match(attempt.path, /^\/(openai\/v1|anthropic\/v1|gemini\/v1beta)\//, attempt.path);
      }
    }

    it('an absolute-URL request line is not proxied: 404, no connection', LIMIT, async () => {
      const from = rig.mock.attempts().length;
      for (const target of ['http://169.254.169.254/latest/meta-data/', `${tripwire.url}/v1/models`, `${tripwire.url}/v1/chat/completions`]) {
        const method = target.endsWith('completions') ? 'POST' : 'GET';
        const body = method === 'POST' ? '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' : '';
        const answer = await sendRaw(rig.gateway.port, `${method} ${target} HTTP/1.1\r\nHost: ${new URL(target).host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
        assert.equal(answer.status, 404, target);
      }
      assert.equal(rig.mock.attempts().length, from);
      assertOnlyConfiguredUpstream(from);
    });

    it('Host, X-Forwarded-Host and Forwarded headers naming another host change nothing', LIMIT, async () => {
      const from = rig.mock.attempts().length;
      const body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}';
      const headerSets = [
        `Host: ${tripwire.authority}`,
        `Host: 169.254.169.254\r\nX-Forwarded-Host: ${tripwire.authority}\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Port: ${tripwire.port}`,
        `Host: gateway\r\nForwarded: for=1.2.3.4;host=${tripwire.authority};proto=http\r\nX-Original-URL: ${tripwire.url}/\r\nX-Rewrite-URL: ${tripwire.url}/`,
      ];
      for (const headers of headerSets) {
        const answer = await sendRaw(rig.gateway.port, `POST /v1/chat/completions HTTP/1.1\r\n${headers}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
        assert.equal(answer.status, 200, headers);
        assert.equal(answer.headers['x-llmdoctor-upstream'], 'openai');
      }
      assert.equal(rig.mock.attempts().length - from, headerSets.length, 'each went to the configured upstream');
      assertOnlyConfiguredUpstream(from);
    });

    it('base_url, api_base and similar fields in the body are not followed', LIMIT, async () => {
      const from = rig.mock.attempts().length;
      const fields = { base_url: tripwire.url, api_base: tripwire.url, baseURL: tripwire.url, url: tripwire.url, endpoint: tripwire.url, upstream: tripwire.url };
      const answers = [
        await postJson(`${rig.gateway.url}/v1/chat/completions`, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...fields }),
        await postJson(`${rig.gateway.url}/v1/messages`, { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], ...fields }, ANTHROPIC),
        await postJson(`${rig.gateway.url}/v1beta/models/gemini-2.5-flash:generateContent`, { contents: [{ parts: [{ text: 'hi' }] }], ...fields }),
      ];
      // Whatever each provider makes of the extra fields, it is the configured provider that answers
      assert.deepEqual(answers.map((a) => a.headers.get('x-llmdoctor-upstream')), ['openai', 'anthropic', 'gemini']);
      assert.equal(rig.mock.attempts().length - from, 3);
      assertOnlyConfiguredUpstream(from);
    });

    it('a model named like a URL goes to the configured upstream or is refused', LIMIT, async () => {
      const from = rig.mock.attempts().length;
      const urlModel = `${tripwire.url}/`;
      const chat = await postJson(`${rig.gateway.url}/v1/chat/completions`, { model: urlModel, messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(chat.status, 404);
      assert.equal(chat.headers.get('x-llmdoctor-upstream'), 'openai', 'the provider said the model does not exist');
      const messages = await postJson(`${rig.gateway.url}/v1/messages`, { model: `//${tripwire.authority}/x`, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }, ANTHROPIC);
      assert.equal(messages.status, 404);
      const paths = [
        `/v1/models/${encodeURIComponent(urlModel)}`,
        `/v1beta/models/${encodeURIComponent(urlModel)}:generateContent`,
        `/v1beta/models/${encodeURIComponent(`//${tripwire.authority}`)}:generateContent`,
      ];
      for (const path of paths) {
        const response = await fetch(`${rig.gateway.url}${path}`, { method: path.includes(':generate') ? 'POST' : 'GET', body: path.includes(':generate') ? '{"contents":[]}' : undefined });
        assert.ok(response.status === 404 || response.status === 400, `${path}: ${response.status}`);
        await response.arrayBuffer();
      }
      assertOnlyConfiguredUpstream(from);
    });

    it('path traversal in the request path is refused', LIMIT, async () => {
      const from = rig.mock.attempts().length;
      for (const path of ['/v1/../../etc/passwd', '/v1/chat/../../../admin', '/v1beta/models/../../../admin', '/v1/%2e%2e/%2e%2e/admin']) {
        const answer = await sendRaw(rig.gateway.port, `GET ${path} HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n`);
        assert.equal(answer.status, 404, path);
      }
      assert.equal(rig.mock.attempts().length, from);
      assertOnlyConfiguredUpstream(from);
    });

    it('a model id with dot segments never climbs out of the upstream\'s base path', LIMIT, async () => {
      const from = rig.mock.attempts().length;
      const cases: Array<{ path: string; headers?: Record<string, string> }> = [
        { path: '/v1/models/..%2F..%2Fadmin' },
        { path: '/v1/models/%2E%2E%2F%2E%2E%2Fadmin' },
        { path: '/v1/models/..%2F..%2Fadmin', headers: ANTHROPIC },
        { path: '/v1beta/models/..%2F..%2Fadmin' },
      ];
      for (const c of cases) {
        const response = await fetch(`${rig.gateway.url}${c.path}`, { headers: c.headers });
        await response.arrayBuffer();
      }
      // Refused, or sent to a path under the base URL (`/openai/v1/...`), never `/openai/admin`
      assertOnlyConfiguredUpstream(from);
    });
  });
});
