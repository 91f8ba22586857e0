import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  retryAfterFromHeaders,
  retryAfterFromText,
  retryDelayFromGoogle,
  type ResetHeaderSpec,
} from '../../src/core/retry-after.js';

const NOW = Date.parse('2025-06-30T12:00:00Z');

// Shaped like the provider specs (the real ones live in src/providers).
const OPENAI_LIKE: ResetHeaderSpec[] = [
  { header: 'x-ratelimit-reset-requests', format: 'duration', remainingHeader: 'x-ratelimit-remaining-requests' },
  { header: 'x-ratelimit-reset-tokens', format: 'duration', remainingHeader: 'x-ratelimit-remaining-tokens' },
];
const ANTHROPIC_LIKE: ResetHeaderSpec[] = [
  { header: 'anthropic-ratelimit-requests-reset', format: 'timestamp', remainingHeader: 'anthropic-ratelimit-requests-remaining' },
  { header: 'anthropic-ratelimit-tokens-reset', format: 'timestamp', remainingHeader: 'anthropic-ratelimit-tokens-remaining' },
];

describe('retryAfterFromHeaders: retry-after-ms and retry-after', () => {
  it('reads retry-after-ms, decimals included, before retry-after', () => {
    assert.deepEqual(retryAfterFromHeaders({ 'retry-after-ms': '1500', 'retry-after': '20' }, [], NOW), {
      ms: 1500,
      source: 'header retry-after-ms: 1500',
    });
    assert.equal(retryAfterFromHeaders({ 'retry-after-ms': '557.012' }, [], NOW)?.ms, 557.012);
  });

  it('falls through an unreadable retry-after-ms to retry-after', () => {
    assert.deepEqual(retryAfterFromHeaders({ 'retry-after-ms': 'soon', 'retry-after': '20' }, [], NOW), {
      ms: 20_000,
      source: 'header retry-after: 20',
    });
  });

  it('reads retry-after in seconds, decimals included, and 0 as "now"', () => {
    assert.equal(retryAfterFromHeaders({ 'retry-after': '1.5' }, [], NOW)?.ms, 1500);
    assert.equal(retryAfterFromHeaders({ 'retry-after': '86400' }, [], NOW)?.ms, 86_400_000);
    assert.equal(retryAfterFromHeaders({ 'retry-after': '0' }, [], NOW)?.ms, 0);
  });

  it('turns an HTTP-date into a delay from now', () => {
    assert.deepEqual(retryAfterFromHeaders({ 'retry-after': 'Mon, 30 Jun 2025 12:00:30 GMT' }, [], NOW), {
      ms: 30_000,
      source: 'header retry-after: Mon, 30 Jun 2025 12:00:30 GMT',
    });
  });

  it('answers 0 for an HTTP-date already passed, and says so', () => {
    assert.deepEqual(retryAfterFromHeaders({ 'retry-after': 'Mon, 30 Jun 2025 11:00:00 GMT' }, [], NOW), {
      ms: 0,
      source: 'header retry-after: Mon, 30 Jun 2025 11:00:00 GMT (already passed)',
    });
  });

  for (const nonsense of ['-1', '-0.5', 'soon', '', '20s', '1e3', '2025-07-01', 'Mon, 31 Feb 2025 12:00:00 GMT', 'Monday, 30-Jun-25 12:00:30 GMT']) {
    it(`ignores retry-after ${JSON.stringify(nonsense)}`, () => {
      assert.equal(retryAfterFromHeaders({ 'retry-after': nonsense }, [], NOW), null);
    });
  }

  it('prefers retry-after over reset headers', () => {
    const headers = { 'retry-after': '3', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '6m0s' };
    assert.equal(retryAfterFromHeaders(headers, OPENAI_LIKE, NOW)?.source, 'header retry-after: 3');
  });

  it('answers null when nothing is there', () => {
    assert.equal(retryAfterFromHeaders({}, OPENAI_LIKE, NOW), null);
    assert.equal(retryAfterFromHeaders({ 'x-request-id': 'req_1', 'cf-ray': 'abc' }, OPENAI_LIKE, NOW), null);
  });
});

describe('retryAfterFromHeaders: provider reset headers', () => {
  it('waits only for the exhausted limit', () => {
    const headers = {
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '120ms',
      'x-ratelimit-remaining-tokens': '9000',
      'x-ratelimit-reset-tokens': '6m0s',
    };
    assert.deepEqual(retryAfterFromHeaders(headers, OPENAI_LIKE, NOW), {
      ms: 120,
      source: 'header x-ratelimit-reset-requests: 120ms (x-ratelimit-remaining-requests: 0)',
    });
  });

  it('takes the longest reset when several limits are exhausted', () => {
    const headers = {
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '8ms',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '1m26.4s',
    };
    assert.deepEqual(retryAfterFromHeaders(headers, OPENAI_LIKE, NOW), {
      ms: 86_400,
      source: 'header x-ratelimit-reset-tokens: 1m26.4s (x-ratelimit-remaining-tokens: 0)',
    });
  });

  it('answers null when remaining counts are given and none is exhausted', () => {
    const headers = {
      'x-ratelimit-remaining-requests': '4',
      'x-ratelimit-reset-requests': '120ms',
      'x-ratelimit-remaining-tokens': '9000',
      'x-ratelimit-reset-tokens': '6m0s',
    };
    assert.equal(retryAfterFromHeaders(headers, OPENAI_LIKE, NOW), null);
  });

  it('answers null when an exhausted limit has no readable reset (the wait is unknown)', () => {
    const headers = {
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': 'later',
    };
    assert.equal(retryAfterFromHeaders(headers, OPENAI_LIKE, NOW), null);
  });

  it('answers null when an exhausted limit sends no reset at all', () => {
    const headers = {
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '1s',
    };
    assert.equal(retryAfterFromHeaders(headers, OPENAI_LIKE, NOW), null);
  });

  it("treats Azure's -1 / 0 placeholders as unknown, not as 'retry now'", () => {
    const headers = {
      'x-ratelimit-limit-tokens': '-1',
      'x-ratelimit-remaining-tokens': '-1',
      'x-ratelimit-reset-tokens': '0',
    };
    assert.equal(retryAfterFromHeaders(headers, OPENAI_LIKE, NOW), null);
  });

  it('still uses a real exhausted limit next to Azure placeholders', () => {
    const headers = {
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '10s',
      'x-ratelimit-remaining-tokens': '-1',
      'x-ratelimit-reset-tokens': '0',
    };
    assert.equal(retryAfterFromHeaders(headers, OPENAI_LIKE, NOW)?.ms, 10_000);
  });

  it('ignores a zero reset on an exhausted limit', () => {
    const headers = { 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '0s' };
    assert.equal(retryAfterFromHeaders(headers, OPENAI_LIKE, NOW), null);
  });

  it('reads RFC 3339 reset timestamps (Anthropic)', () => {
    const headers = {
      'anthropic-ratelimit-requests-remaining': '49',
      'anthropic-ratelimit-requests-reset': '2025-06-30T12:00:01Z',
      'anthropic-ratelimit-tokens-remaining': '0',
      'anthropic-ratelimit-tokens-reset': '2025-06-30T14:00:42+02:00',
    };
    assert.deepEqual(retryAfterFromHeaders(headers, ANTHROPIC_LIKE, NOW), {
      ms: 42_000,
      source: 'header anthropic-ratelimit-tokens-reset: 2025-06-30T14:00:42+02:00 (anthropic-ratelimit-tokens-remaining: 0)',
    });
  });

  it('ignores a reset timestamp in the past (clock skew or a stale header)', () => {
    const headers = {
      'anthropic-ratelimit-tokens-remaining': '0',
      'anthropic-ratelimit-tokens-reset': '2025-06-30T11:59:00Z',
    };
    assert.equal(retryAfterFromHeaders(headers, ANTHROPIC_LIKE, NOW), null);
  });

  it('refuses impossible timestamps', () => {
    for (const reset of ['2025-02-30T00:00:00Z', '2025-06-30T25:00:00Z', '2025-06-30T12:01:00', 'tomorrow']) {
      const headers = { 'anthropic-ratelimit-tokens-remaining': '0', 'anthropic-ratelimit-tokens-reset': reset };
      assert.equal(retryAfterFromHeaders(headers, ANTHROPIC_LIKE, NOW), null, reset);
    }
  });

  it('reads seconds, milliseconds and epoch-seconds formats', () => {
    const specs: ResetHeaderSpec[] = [
      { header: 'x-reset-seconds', format: 'seconds', remainingHeader: 'x-left-a' },
      { header: 'x-reset-ms', format: 'milliseconds', remainingHeader: 'x-left-b' },
      { header: 'x-reset-at', format: 'epoch-seconds', remainingHeader: 'x-left-c' },
    ];
    const only = (name: string, value: string, left: string) => ({ [name]: value, [left]: '0' });
    assert.equal(retryAfterFromHeaders(only('x-reset-seconds', '2.5', 'x-left-a'), specs, NOW)?.ms, 2_500);
    assert.equal(retryAfterFromHeaders(only('x-reset-ms', '750', 'x-left-b'), specs, NOW)?.ms, 750);
    assert.equal(retryAfterFromHeaders(only('x-reset-at', String(NOW / 1000 + 60), 'x-left-c'), specs, NOW)?.ms, 60_000);
    assert.equal(retryAfterFromHeaders(only('x-reset-at', String(NOW / 1000 - 60), 'x-left-c'), specs, NOW), null);
    assert.equal(retryAfterFromHeaders(only('x-reset-seconds', '-3', 'x-left-a'), specs, NOW), null);
    assert.equal(retryAfterFromHeaders(only('x-reset-ms', '12ms', 'x-left-b'), specs, NOW), null);
  });

  it('without any remaining count, takes the longest reset and says why', () => {
    const specs: ResetHeaderSpec[] = [
      { header: 'x-ratelimit-reset-requests', format: 'duration' },
      { header: 'x-ratelimit-reset-tokens', format: 'duration' },
    ];
    const headers = { 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '7m12s' };
    assert.deepEqual(retryAfterFromHeaders(headers, specs, NOW), {
      ms: 432_000,
      source: 'header x-ratelimit-reset-tokens: 7m12s (longest reset; no remaining count given)',
    });
  });
});

describe('retryAfterFromText: server hints', () => {
  const hints: Array<[string, number, string]> = [
    ['Limit: 10000 / min. Please try again in 6ms. Contact us through our help center', 6, '"Please try again in 6ms"'],
    ['Requested 3082. Please try again in 1m26.4s. Visit https://platform.openai.com/account/rate-limits', 86_400, '"Please try again in 1m26.4s"'],
    ['on requests per day (RPD): Limit 200, Used 200, Requested 1. Please try again in 7m12s', 432_000, '"Please try again in 7m12s"'],
    ['Please try again in 9.816s.', 9_816, '"Please try again in 9.816s"'],
    ['limit: 0, model: gemini-2.5-pro\\nPlease retry in 38.863719904s.', 38_863.72, '"Please retry in 38.863719904s"'],
    ['Please retry in 38.8s.', 38_800, '"Please retry in 38.8s"'],
    ['have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 86400 seconds. Please go here', 86_400_000, '"Please retry after 86400 seconds"'],
    ['exceeds the maximum usage size allowed during peak load. Please retry after 20 seconds.', 20_000, '"Please retry after 20 seconds"'],
    ['retry after 20 seconds', 20_000, '"retry after 20 seconds"'],
    ['Error: Rate limit is exceeded. Try again in 30 seconds.', 30_000, '"Try again in 30 seconds"'],
    ['rate limited, try again in 20s', 20_000, '"try again in 20s"'],
    ['Please try again in 2 minutes 3 seconds.', 123_000, '"Please try again in 2 minutes 3 seconds"'],
    ['Please\n    try again in\n    6ms', 6, '"Please try again in 6ms"'],
  ];
  for (const [text, ms, source] of hints) {
    it(`finds ${source}`, () => {
      assert.deepEqual(retryAfterFromText(text, NOW), { ms, source });
    });
  }

  it('reads Anthropic "regain access on <date> at <time> UTC", line-wrapped', () => {
    const text = 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"You\n    have reached ' +
      'your specified API usage limits. You will regain access on 2025-07-01 at\n    00:00 UTC."}}';
    assert.deepEqual(retryAfterFromText(text, NOW), {
      ms: 12 * 3_600_000,
      source: '"You will regain access on 2025-07-01 at 00:00 UTC"',
    });
  });

  it('answers 0 for a regain-access instant already passed, and says so', () => {
    const hint = retryAfterFromText('You will regain access on 2025-06-01 at 00:00 UTC.', NOW);
    assert.deepEqual(hint, { ms: 0, source: '"You will regain access on 2025-06-01 at 00:00 UTC" (already passed)' });
  });

  it('refuses an impossible regain-access date', () => {
    assert.equal(retryAfterFromText('You will regain access on 2025-02-30 at 00:00 UTC.', NOW), null);
  });

  it('reads Claude Code "usage limit reached|<epoch seconds>"', () => {
    assert.deepEqual(retryAfterFromText('Claude AI usage limit reached|1751328000', NOW), {
      ms: 12 * 3_600_000,
      source: '"usage limit reached|1751328000"',
    });
  });

  it("takes the server hint inside a client's retry log line", () => {
    const text = 'Retrying langchain.chat_models.openai.ChatOpenAI.completion_with_retry.<locals>._completion_with_retry ' +
      'in 4.0 seconds as it raised RateLimitError: Rate limit reached for gpt-4 on tokens per min. Please try again in 20s.';
    assert.deepEqual(retryAfterFromText(text, NOW), { ms: 20_000, source: '"Please try again in 20s"' });
  });

  it('takes the last hint of a pasted log (the most recent)', () => {
    const text = 'Please try again in 6ms.\n...\nPlease try again in 9.816s.\n';
    assert.equal(retryAfterFromText(text, NOW)?.ms, 9_816);
  });
});

describe('retryAfterFromText: not a server hint', () => {
  const texts = [
    'Unable to connect to API (ECONNRESET)\nRetrying in 5 seconds… (attempt 4/10)',
    'API Error (Connection error.) · Retrying in 18 seconds… (attempt 6/10)',
    'Attempt 2 failed with 5xx error. Retrying with backoff... ApiError: {"error":{"code":400}}',
    'Retrying langchain.llms.openai.completion_with_retry.<locals>._completion_with_retry in 2.0 seconds as it raised APIConnectionError',
    'Retrying request to /chat/completions in 0.482 seconds',
    'Rate limited; will retry in 5s',
    'retry in 2s (attempt 2/5)',
    'Try again in 3 seconds… (attempt 1/3)',
    '"retryInMs": 557.0120175956872, "retryAttempt": 1',
    'The model is overloaded. Please try again later.',
    'This is a server-side issue, usually temporary — try again in a moment.',
    'Resource exhausted. Please try again later.',
    'Please retry after some time.',
    'Please try again in -5s.',
    'Please try again in 5.',
    'usage limit reached|soon',
    '',
  ];
  for (const text of texts) {
    it(`ignores ${JSON.stringify(text.slice(0, 60))}`, () => {
      assert.equal(retryAfterFromText(text, NOW), null);
    });
  }
});

describe('retryAfterFromText: long text', () => {
  it('finds a hint at the end of a 100 KB log', () => {
    const log = 'INFO request sent; Retrying in 1 seconds… (attempt 1/10)\n'.repeat(1_800);
    assert.ok(log.length > 100_000);
    assert.deepEqual(retryAfterFromText(`${log}Please try again in 7m12s.`, NOW), {
      ms: 432_000,
      source: '"Please try again in 7m12s"',
    });
  });

  // A backtracking blow-up would hang here rather than fail: no timing assertion (see DESIGN.md).
  it('gets through 100 KB of near misses', () => {
    const nearMisses = 'Please try again in 1 1 1 1 1 1 1 1 1 1 , , and and 1.1.1 '.repeat(2_000);
    assert.ok(nearMisses.length > 100_000);
    assert.equal(retryAfterFromText(nearMisses, NOW), null);
    assert.equal(retryAfterFromText('try again in '.repeat(10_000), NOW), null);
  });
});

describe('retryDelayFromGoogle', () => {
  const accepted: Array<[unknown, number]> = [
    ['15s', 15_000],
    ['26.5s', 26_500],
    ['0.120s', 120],
    ['38.863719904s', 38_863.72],
    [{ seconds: '15', nanos: 500_000_000 }, 15_500],
    [{ seconds: 15 }, 15_000],
    [{ seconds: '26' }, 26_000],
    [{ nanos: 120_000_000 }, 120],
  ];
  for (const [value, ms] of accepted) {
    it(`reads ${JSON.stringify(value)} as ${ms} ms`, () => {
      assert.equal(retryDelayFromGoogle(value), ms);
    });
  }

  const refused: unknown[] = [
    null,
    undefined,
    15,
    '15',
    '-15s',
    '',
    {},
    { seconds: '-1' },
    { seconds: 1.5 },
    { seconds: 'fifteen' },
    { nanos: 1_000_000_000 },
    { seconds: '1', nanos: -1 },
    [],
  ];
  for (const value of refused) {
    it(`refuses ${JSON.stringify(value) ?? String(value)}`, () => {
      assert.equal(retryDelayFromGoogle(value), null);
    });
  }
});
