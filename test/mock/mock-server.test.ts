import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { inspectKey } from '../../src/providers/key-formats.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';

const chatBody = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }], ...extra });

async function post(url: string, key: string | null, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The socket-level outcome of a request: an HTTP status, or the error code the client saw. */
function rawOutcome(url: string, key: string, scenario: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-mock-scenario': scenario } }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
      res.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve('client timeout');
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end(chatBody());
  });
}

describe('llmdoctor mock: the server', () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock({ seed: 3, requestsPerMinute: 50, slowFirstTokenMs: 300 });
  });
  after(() => mock.close());

  it('issues keys in each provider\'s real format', () => {
    for (const provider of ['openai', 'anthropic', 'gemini'] as const) {
      const inspection = inspectKey(mock.issueKey(provider), { expectedProvider: provider });
      assert.equal(inspection.provider, provider === 'gemini' ? 'gemini' : provider);
      assert.deepEqual(inspection.problems.map((p) => p.code), []);
    }
  });

  it('issues keys over HTTP and rejects bad requests for them with the fix', async () => {
    const issued = await fetch(`${mock.url}/__mock/keys`, { method: 'POST', body: '{"provider":"anthropic","scenario":"overloaded"}' });
    assert.equal(issued.status, 201);
    const { key } = (await issued.json()) as { key: string };
    assert.ok(key.startsWith('sk-' + 'ant-'));
    const bad = await fetch(`${mock.url}/__mock/keys`, { method: 'POST', body: '{"provider":"mistral"}' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /must be one of openai, anthropic, gemini/);
  });

  it('accepts only keys it issued (or was given)', async () => {
    const unknown = await post(`${mock.baseUrls.openai}/chat/completions`, 'sk-' + 'x'.repeat(40), chatBody());
    assert.equal(unknown.status, 401);
    const none = await post(`${mock.baseUrls.openai}/chat/completions`, null, chatBody());
    assert.equal(none.status, 401);
    const ok = await post(`${mock.baseUrls.openai}/chat/completions`, mock.issueKey('openai'), chatBody());
    assert.equal(ok.status, 200);
    const otherProvider = await post(`${mock.baseUrls.openai}/chat/completions`, mock.issueKey('anthropic'), chatBody());
    assert.equal(otherProvider.status, 401);
  });

  it('answers deterministically for the same seed and prompt', async () => {
    const key = mock.issueKey('openai');
    const a = JSON.parse((await post(`${mock.baseUrls.openai}/chat/completions`, key, chatBody())).text);
    const b = JSON.parse((await post(`${mock.baseUrls.openai}/chat/completions`, key, chatBody())).text);
    assert.equal(a.choices[0].message.content, b.choices[0].message.content);
  });

  it('plays the scenario bound to a key, and a header overrides it', async () => {
    const key = mock.issueKey('openai', 'server_error');
    assert.equal((await post(`${mock.baseUrls.openai}/chat/completions`, key, chatBody())).status, 500);
    assert.equal((await post(`${mock.baseUrls.openai}/chat/completions`, key, chatBody(), { 'x-mock-scenario': 'ok' })).status, 200);
    const unknown = await post(`${mock.baseUrls.openai}/chat/completions`, key, chatBody(), { 'x-mock-scenario': 'nope' });
    assert.equal(unknown.status, 400);
    assert.match(JSON.parse(unknown.text).error, /unknown x-mock-scenario "nope"/);
  });

  it('plays the transport scenarios at the socket level', async () => {
    const key = mock.issueKey('openai');
    const url = `${mock.baseUrls.openai}/chat/completions`;
    assert.equal(await rawOutcome(url, key, 'reset', 2000), 'ECONNRESET');
    assert.equal(await rawOutcome(url, key, 'timeout', 300), 'client timeout');
    assert.equal(await rawOutcome(url, key, 'stream_cut', 2000), 'ECONNRESET');
    assert.equal(await rawOutcome(url, key, 'stream_stall', 300), 'client timeout');
    const started = Date.now();
    assert.equal(await rawOutcome(url, key, 'slow_first_token', 5000), '200');
    assert.ok(Date.now() - started >= 280, 'the first token came late');
  });

  it('logs every attempt with a key fingerprint, never the key', async () => {
    mock.reset();
    const key = mock.issueKey('openai');
    await post(`${mock.baseUrls.openai}/chat/completions`, key, chatBody(), { 'x-mock-scenario': 'overloaded' });
    const [attempt] = mock.attempts();
    assert.equal(attempt?.provider, 'openai');
    assert.equal(attempt?.scenario, 'overloaded');
    assert.equal(attempt?.outcome, 503);
    assert.match(attempt?.keyFingerprint ?? '', /^[0-9a-f]{6}$/);
    assert.ok(!JSON.stringify(mock.attempts()).includes(key));
  });

  it('keeps rate-limit headers consistent with its bucket under concurrent load', async () => {
    mock.reset();
    const key = mock.issueKey('openai');
    const results = await Promise.all(Array.from({ length: 80 }, () => post(`${mock.baseUrls.openai}/chat/completions`, key, chatBody({ max_tokens: 5 }))));
    const served = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    assert.equal(served.length + limited.length, 80);
    assert.ok(served.length >= 50 && served.length <= 51, `served ${served.length} of a 50 rpm bucket`);
    const remaining = served.map((r) => Number(r.headers.get('x-ratelimit-remaining-requests'))).sort((x, y) => x - y);
    assert.equal(new Set(remaining).size, remaining.length, 'each served request saw a different remaining count');
    assert.equal(remaining[0], 0);
    for (const r of limited) {
      assert.equal(r.headers.get('x-ratelimit-remaining-requests'), '0');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
    }
  });

  it('answers /cdn-cgi/trace like a Cloudflare edge, with the simulated country', async () => {
    const text = await (await fetch(`${mock.url}/cdn-cgi/trace`)).text();
    assert.match(text, /^loc=US$/m);
  });

  it('refuses a caller from a country a provider does not serve', async () => {
    const blocked = await startMock({ region: 'CN' });
    try {
      const response = await post(`${blocked.baseUrls.openai}/chat/completions`, blocked.issueKey('openai'), chatBody());
      assert.equal(response.status, 403);
      assert.match(response.text, /unsupported_country_region_territory/);
    } finally {
      await blocked.close();
    }
  });

  it('answers a body over the size limit with the provider\'s error, not a crash', async () => {
    const small = await startMock({ maxBodyBytes: 1024 });
    try {
      const response = await post(`${small.baseUrls.openai}/chat/completions`, small.issueKey('openai'), chatBody({ pad: 'x'.repeat(4096) }));
      assert.ok(response.status === 413 || response.status === 400, `status ${response.status}`);
    } finally {
      await small.close();
    }
  });
});
