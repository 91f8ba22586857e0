import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { denialResponse } from '../../../src/gateway/clients/denial-response.js';
import { expiredKey, limitReached, missingKey, modelNotAllowed } from '../../../src/gateway/clients/denials.js';
import type { Denial } from '../../../src/gateway/clients/types.js';
import type { ClientKeyRecord } from '../../../src/gateway/store/types.js';
import { WIRE_FORMATS } from '../../../src/providers/wires.js';

const NOW = Date.UTC(2026, 0, 14, 10);
const KEY: ClientKeyRecord = {
  id: 'ck_0123456789abcdef',
  hash: '0'.repeat(64),
  masked: 'llmd_…Ab3x',
  name: 'svc',
  models: ['smart'],
  requestsPerMinute: 60,
  maxConcurrent: 2,
  budgetTokens: 1_000,
  budgetPeriod: 'day',
  expiresAt: NOW - 1,
  metadata: {},
  createdAt: NOW - 86_400_000,
  revokedAt: null,
  replacedBy: null,
};
const rpm = limitReached(KEY, { limit: 'rpm', value: 60, used: 60, resetsAt: NOW + 12_300 }, NOW);
const budget = limitReached(KEY, { limit: 'budget', value: 1_000, used: 1_040, resetsAt: Date.UTC(2026, 0, 15) }, NOW);
const concurrency = limitReached(KEY, { limit: 'concurrency', value: 2, used: 2, resetsAt: NOW + 1_000 }, NOW);

function parsed(denial: Denial, family: keyof typeof WIRE_FORMATS) {
  const reply = denialResponse(WIRE_FORMATS[family], denial, 'req_abc', NOW);
  return { ...reply, json: JSON.parse(reply.body) as Record<string, Record<string, unknown>> };
}

describe('denialResponse', () => {
  it('answers in OpenAI\'s error shape, with the limit in details and our diagnosis', () => {
    const { status, headers, json } = parsed(rpm, 'openai');
    assert.equal(status, 429);
    const error = json.error!;
    assert.equal(error.message, rpm.message);
    assert.equal(error.type, 'requests');
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.deepEqual(error.details, { reason: 'rpm', limit: 'rpm', limit_value: 60, used: 60, resets_at: '2026-01-14T10:00:12.300Z' });
    assert.deepEqual(error.llmdoctor, { category: 'rate_limited', title: 'Client key over its requests per minute', cause: rpm.message, fixes: [rpm.fix], request_id: 'req_abc' });
    assert.equal(headers['retry-after'], '13');
    assert.equal(headers['x-should-retry'], 'true');
    assert.equal(headers['x-llmdoctor-category'], 'rate_limited');
    assert.equal(headers['x-llmdoctor-request-id'], 'req_abc');
  });

  it('answers in Anthropic\'s envelope', () => {
    const { status, json } = parsed(budget, 'anthropic');
    assert.equal(status, 429);
    assert.equal(json.type as unknown, 'error');
    assert.equal(json.request_id as unknown, 'req_abc');
    const error = json.error!;
    assert.equal(error.type, 'rate_limit_error');
    assert.equal(error.message, budget.message);
    assert.deepEqual(error.details, { reason: 'budget', limit: 'budget_tokens', limit_value: 1_000, used: 1_040, resets_at: '2026-01-15T00:00:00.000Z', period: 'day' });
    assert.equal((error.llmdoctor as Record<string, unknown>).category, 'quota_exceeded');
  });

  it('answers as a google.rpc.Status for Gemini, the details with our diagnosis', () => {
    const { status, json } = parsed(modelNotAllowed(KEY, 'gpt-4o'), 'gemini');
    assert.equal(status, 403);
    const error = json.error!;
    assert.equal(error.code, 403);
    assert.equal(error.status, 'PERMISSION_DENIED');
    assert.match(error.message as string, /may not use "gpt-4o"; it may use: smart\./);
    const note = error.llmdoctor as Record<string, unknown>;
    assert.equal(note.category, 'permission_denied');
    assert.deepEqual(note.details, { reason: 'model_not_allowed', model: 'gpt-4o', allowed: ['smart'] });
  });

  it('maps each refusal to its category, and tells SDKs to retry only rpm and concurrency refusals', () => {
    const cases: Array<[Denial, string, string, string | undefined]> = [
      [missingKey(), 'key_missing', 'false', undefined],
      [expiredKey(KEY), 'key_invalid', 'false', undefined],
      [modelNotAllowed(KEY, 'x'), 'permission_denied', 'false', undefined],
      [rpm, 'rate_limited', 'true', '13'],
      [concurrency, 'rate_limited', 'true', '1'],
      [budget, 'quota_exceeded', 'false', String(14 * 3600)],
    ];
    for (const [denial, category, shouldRetry, retryAfter] of cases) {
      const { headers, status } = parsed(denial, 'openai');
      assert.equal(status, denial.status);
      assert.equal(headers['x-llmdoctor-category'], category, denial.reason);
      assert.equal(headers['x-should-retry'], shouldRetry, denial.reason);
      assert.equal(headers['retry-after'], retryAfter, denial.reason);
    }
  });

  it('makes the official SDKs raise their usual error classes', () => {
    const openai = parsed(rpm, 'openai');
    const openaiError = OpenAI.APIError.generate(openai.status, openai.json, undefined, new Headers(openai.headers));
    assert.ok(openaiError instanceof OpenAI.RateLimitError);
    assert.match(openaiError.message, /requests per minute/);
    const missing = parsed(missingKey(), 'anthropic');
    const anthropicError = Anthropic.APIError.generate(missing.status, missing.json, undefined, new Headers(missing.headers));
    assert.ok(anthropicError instanceof Anthropic.AuthenticationError);
    assert.match(anthropicError.message, /requires a client key/);
  });
});
