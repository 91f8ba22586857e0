import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drawFault, parseFaultRates } from '../../src/mock/fault-plan.js';
import { resolveMockOptions } from '../../src/mock/options.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { RateBucket } from '../../src/mock/rate-bucket.js';
import { generateCompletion } from '../../src/mock/text-generator.js';
import type { SimOperation } from '../../src/providers/simulator.js';

const op = (promptText: string, maxTokens: number | null = null): SimOperation => ({
  name: 'chat.completions', model: 'gpt-4o-mini', stream: false, streamStyle: 'sse', body: {}, promptText, maxTokens, includeUsage: false,
});

describe('rate bucket', () => {
  it('serves up to the request limit, then says when the next request fits', () => {
    const bucket = new RateBucket(3, 1_000_000, 0);
    for (let i = 0; i < 3; i++) assert.equal(bucket.take(10, 0).exhausted, null);
    const refused = bucket.take(10, 0);
    assert.equal(refused.exhausted, 'requests');
    assert.equal(refused.remainingRequests, 0);
    assert.equal(refused.retryAfterMs, 20_000); // one request refills every 60 s / 3
    assert.equal(bucket.take(10, 20_000).exhausted, null);
  });

  it('meters tokens separately and never takes from a refused request', () => {
    const bucket = new RateBucket(100, 1000, 0);
    assert.equal(bucket.take(900, 0).remainingTokens, 100);
    const refused = bucket.take(200, 0);
    assert.equal(refused.exhausted, 'tokens');
    assert.equal(refused.remainingTokens, 100);
    assert.equal(refused.remainingRequests, 99);
    assert.equal(refused.retryAfterMs, 6_000);
  });

  it('peek reads without taking', () => {
    const bucket = new RateBucket(5, 50, 0);
    bucket.peek(0);
    bucket.peek(0);
    assert.equal(bucket.take(1, 0).remainingRequests, 4);
  });
});

describe('fault rates', () => {
  it('parses names and rates, and draws them at about their rate', () => {
    const rates = parseFaultRates('rate_limited=0.2, overloaded=0.05');
    const random = seededRandom(7);
    const draws = Array.from({ length: 10_000 }, () => drawFault(rates, random));
    const share = (name: string) => draws.filter((d) => d === name).length / draws.length;
    assert.ok(Math.abs(share('rate_limited') - 0.2) < 0.02);
    assert.ok(Math.abs(share('overloaded') - 0.05) < 0.01);
  });

  it('rejects unknown names, bad rates and totals over 1, saying what to fix', () => {
    assert.throws(() => parseFaultRates('rate_limitd=0.2'), /unknown fault "rate_limitd".*rate_limited/);
    assert.throws(() => parseFaultRates('reset=2'), /between 0 and 1/);
    assert.throws(() => parseFaultRates('reset=abc'), /between 0 and 1/);
    assert.throws(() => parseFaultRates('reset=0.6,overloaded=0.6'), /add up to 1.200/);
  });
});

describe('generated answers', () => {
  it('are deterministic per seed and prompt, and differ otherwise', () => {
    const a = generateCompletion(1, op('hello'), 0);
    assert.deepEqual(generateCompletion(1, op('hello'), 0), a);
    assert.notEqual(generateCompletion(2, op('hello'), 0).text, a.text);
    assert.notEqual(generateCompletion(1, op('hello there'), 0).text, a.text);
    assert.equal(a.tokens.join(''), a.text);
    assert.equal(a.outputTokens, a.tokens.length);
  });

  it('stop at max tokens with finish reason length', () => {
    const capped = generateCompletion(1, op('hello', 3), 0);
    assert.equal(capped.outputTokens, 3);
    assert.equal(capped.finishReason, 'length');
  });
});

describe('mock options', () => {
  it('fill in defaults and reject bad values with the fix', () => {
    assert.equal(resolveMockOptions().region, 'US');
    assert.equal(resolveMockOptions({ region: 'cn' }).region, 'CN');
    assert.throws(() => resolveMockOptions({ region: 'China' }), /two-letter country code/);
    assert.throws(() => resolveMockOptions({ scenario: 'nope' }), /unknown scenario "nope"/);
    assert.throws(() => resolveMockOptions({ port: 70000 }), /0 to 65535/);
    assert.throws(() => resolveMockOptions({ faults: 'reset=5' }), /between 0 and 1/);
  });
});
