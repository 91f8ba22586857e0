import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../src/providers/classify.js';

const NOW = Date.parse('2025-06-30T12:00:00Z');

describe('classify: what callers hand over', () => {
  it('reads an openai-node APIError (status, Headers, error = the inner error object)', () => {
    const error = Object.assign(new Error('429 You exceeded your current quota, please check your plan and billing details.'), {
      status: 429,
      headers: new Headers({ 'x-request-id': 'req_1', 'openai-processing-ms': '12' }),
      error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' },
    });
    const d = classify({ error });
    assert.equal(d.category, 'billing');
    assert.equal(d.provider, 'openai');
    assert.equal(d.retryable, false);
    assert.equal(d.retryAfterMs, null);
  });

  it('reads an Anthropic SDK error (error = the whole body) and its retry-after header', () => {
    const body = { type: 'error', error: { type: 'rate_limit_error', message: 'This request would exceed the rate limit for your organization of 50,000 input tokens per minute.' } };
    const error = Object.assign(new Error(`429 ${JSON.stringify(body)}`), { status: 429, headers: { 'retry-after': '17', 'anthropic-ratelimit-input-tokens-remaining': '0' }, error: body });
    const d = classify({ error, now: NOW });
    assert.equal(d.category, 'rate_limited');
    assert.equal(d.provider, 'anthropic');
    assert.equal(d.retryable, true);
    assert.equal(d.retryAfterMs, 17_000);
  });

  it('uses anthropic-ratelimit-*-reset timestamps when there is no retry-after', () => {
    const d = classify({
      status: 429,
      headers: { 'anthropic-ratelimit-tokens-remaining': '0', 'anthropic-ratelimit-tokens-reset': '2025-06-30T12:00:42Z' },
      body: '{"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}}',
      now: NOW,
    });
    assert.equal(d.retryAfterMs, 42_000);
  });

  it('uses x-ratelimit-reset-* durations of the exhausted limit', () => {
    const d = classify({
      status: 429,
      headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s', 'x-ratelimit-remaining-tokens': '1000', 'x-ratelimit-reset-tokens': '120ms' },
      body: '{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}',
    });
    assert.equal(d.category, 'rate_limited');
    assert.equal(d.retryAfterMs, 360_000);
  });

  it('reads Gemini RetryInfo.retryDelay', () => {
    const body = { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'You exceeded your current quota.', details: [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', quotaValue: '5' }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '26s' },
    ] } };
    const d = classify({ status: 429, body });
    assert.equal(d.category, 'rate_limited');
    assert.equal(d.provider, 'gemini');
    assert.equal(d.retryAfterMs, 26_000);
  });

  it('gives no retry hint where retrying cannot help (limit 0 still says "retry in 38s")', () => {
    const d = classify({ status: 429, message: 'You exceeded your current quota. Quota exceeded for metric: generate_content_free_tier_requests, limit: 0, model: gemini-2.5-pro. Please retry in 38.8s. https://ai.google.dev/gemini-api/docs/rate-limits' });
    assert.equal(d.category, 'billing');
    assert.equal(d.retryAfterMs, null);
  });

  it('accepts the body as bytes and as an ArrayBuffer', () => {
    const text = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    const bytes = new TextEncoder().encode(text);
    assert.equal(classify({ status: 529, body: bytes }).category, 'overloaded');
    assert.equal(classify({ status: 529, body: bytes.buffer }).category, 'overloaded');
  });

  it('finds an error inside an SSE stream that started with HTTP 200', () => {
    const stream = 'event: message_start\ndata: {"type":"message_start"}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const d = classify({ status: 200, body: stream });
    assert.equal(d.category, 'overloaded');
  });

  it('follows the cause chain of undici and of SDK connection errors', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND api.anthropic.com'), { code: 'ENOTFOUND' });
    const error = Object.assign(new Error('Connection error.'), { name: 'APIConnectionError', cause: Object.assign(new TypeError('fetch failed'), { cause }) });
    const d = classify({ error });
    assert.equal(d.category, 'network_dns');
    assert.equal(d.provider, 'network');
  });

  it('honours the provider hint', () => {
    const d = classify({ status: 403, message: 'Forbidden', provider: 'anthropic' });
    assert.equal(d.provider, 'anthropic');
  });

  it('says unknown, with what it saw, when nothing decides', () => {
    const d = classify({ message: 'something odd happened' });
    assert.equal(d.category, 'unknown');
    assert.equal(d.retryable, false);
    assert.match(d.evidence.join(' '), /nothing decisive/);
  });

  it('every diagnosis carries a title, a cause and ordered fixes', () => {
    for (const input of [{ status: 429 }, { message: 'ECONNRESET' }, { status: 401, body: '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}' }]) {
      const d = classify(input);
      assert.ok(d.title.length > 0 && d.cause.length > 0 && d.fixes.length > 0, JSON.stringify(d));
    }
  });

  it('tells a rejected key apart by the key that was sent, without printing it', () => {
    const rejected = { status: 400, body: '{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}' };
    const anthropicKey = 'sk-' + 'ant-api03-' + 'Ab3'.repeat(31) + 'AA';
    const googleKey = 'AI' + 'zaSy' + 'B7x'.repeat(10) + 'k2Q';
    assert.equal(classify(rejected).category, 'key_invalid');
    const foreign = classify({ ...rejected, apiKey: anthropicKey });
    assert.equal(foreign.category, 'key_wrong_provider');
    assert.ok(!JSON.stringify(foreign).includes(anthropicKey));
    assert.equal(classify({ ...rejected, apiKey: `${googleKey}\n` }).category, 'key_malformed');
    assert.equal(classify({ ...rejected, apiKey: googleKey }).category, 'key_invalid');
  });

  it('never puts a whole key into the diagnosis', () => {
    const key = `AIzaSy${'Q7x9'.repeat(8)}abc`;
    const d = classify({ status: 403, message: `Consumer 'api_key:${key}' has been suspended.` });
    assert.equal(d.category, 'permission_denied');
    assert.ok(!JSON.stringify(d).includes(key), JSON.stringify(d));
  });
});
