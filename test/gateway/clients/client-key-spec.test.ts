import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientKeySpecError, parseClientKeySpec, parseLifetime } from '../../../src/gateway/clients/client-key-spec.js';
import type { ClientKeySpec } from '../../../src/gateway/clients/types.js';

const NOW = Date.UTC(2026, 0, 15, 12);
const DAY = 86_400_000;

describe('parseClientKeySpec', () => {
  const accepted: Array<[string, unknown, ClientKeySpec]> = [
    ['an empty spec: no limits', {}, {}],
    [
      'every field',
      { name: ' billing-svc ', models: ['smart', 'gpt-4o-mini'], rpm: 60, max_concurrent: 4, budget_tokens: 2_000_000, budget_period: 'week', expires_in: '30d', metadata: { team: 'billing', owner: 'ana' } },
      { name: 'billing-svc', models: ['smart', 'gpt-4o-mini'], requestsPerMinute: 60, maxConcurrent: 4, budgetTokens: 2_000_000, budgetPeriod: 'week', expiresAt: NOW + 30 * DAY, metadata: { team: 'billing', owner: 'ana' } },
    ],
    ['null as no limit', { name: null, models: null, rpm: null, max_concurrent: null, budget_tokens: null, expires_at: null }, { name: null, models: null, requestsPerMinute: null, maxConcurrent: null, budgetTokens: null, expiresAt: null }],
    ['expires_at as an ISO date', { expires_at: '2026-12-31T23:59:59Z' }, { expiresAt: Date.UTC(2026, 11, 31, 23, 59, 59) }],
    ['expires_at as a day', { expires_at: '2026-12-31' }, { expiresAt: Date.UTC(2026, 11, 31) }],
    ['expires_at as epoch ms', { expires_at: NOW + 1000 }, { expiresAt: NOW + 1000 }],
    ['expires_in in hours', { expires_in: '12h' }, { expiresAt: NOW + 12 * 3_600_000 }],
    ['expires_in in weeks', { expires_in: '2w' }, { expiresAt: NOW + 14 * DAY }],
    ['expires_in in hours and minutes', { expires_in: '1h30m' }, { expiresAt: NOW + 90 * 60_000 }],
    ['a total budget', { budget_tokens: 5, budget_period: 'total' }, { budgetTokens: 5, budgetPeriod: 'total' }],
  ];
  for (const [name, input, expected] of accepted) {
    it(`accepts ${name}`, () => assert.deepEqual(parseClientKeySpec(input, NOW), expected));
  }

  const refused: Array<[string, unknown, string | null, RegExp]> = [
    ['a non-object', [], null, /JSON object.*not an array/],
    ['null', null, null, /JSON object.*not null/],
    ['an unknown field, listing the known ones', { requests_per_minute: 5 }, 'requests_per_minute', /Unknown field "requests_per_minute".*rpm, max_concurrent/],
    ['a camelCase field', { maxConcurrent: 5 }, 'maxConcurrent', /Unknown field "maxConcurrent"/],
    ['an empty name', { name: '  ' }, 'name', /name must be a non-empty string/],
    ['a numeric name', { name: 7 }, 'name', /name must be .*not 7/],
    ['models as a string', { models: 'smart' }, 'models', /models must be an array of strings.*not "smart"/],
    ['an empty models list', { models: [] }, 'models', /models is empty.*omit models to allow every one/],
    ['a non-string model', { models: ['ok', 3] }, 'models', /models\[1\] must be a non-empty string/],
    ['rpm as a string', { rpm: '60' }, 'rpm', /rpm must be a whole number above 0.*not "60"/],
    ['rpm of zero', { rpm: 0 }, 'rpm', /rpm must be a whole number above 0.*not 0; omit it for no limit/],
    ['a negative max_concurrent', { max_concurrent: -1 }, 'max_concurrent', /max_concurrent must be a whole number above 0.*not -1/],
    ['a fractional budget', { budget_tokens: 1.5 }, 'budget_tokens', /budget_tokens must be a whole number above 0.*not 1.5/],
    ['an unknown period', { budget_tokens: 10, budget_period: 'year' }, 'budget_period', /budget_period must be one of "day", "week", "month", "total", not "year"/],
    ['a period without a budget', { budget_period: 'day' }, 'budget_period', /budget_period has no effect without budget_tokens/],
    ['a date that is not one', { expires_at: 'tomorrow' }, 'expires_at', /expires_at must be an ISO date.*not "tomorrow"/],
    ['a past date', { expires_at: '2020-01-01' }, 'expires_at', /expires_at 2020-01-01T00:00:00.000Z is already past/],
    ['both expiries', { expires_at: NOW + 5, expires_in: '1d' }, 'expires_in', /either expires_at .* or expires_in/],
    ['a duration without a unit', { expires_in: '30' }, 'expires_in', /expires_in must be a duration above zero such as "30d".*not "30"/],
    ['a zero duration', { expires_in: '0d' }, 'expires_in', /expires_in must be a duration above zero/],
    ['a numeric duration', { expires_in: 3600 }, 'expires_in', /expires_in must be a duration.*not 3600/],
    ['metadata as an array', { metadata: ['a'] }, 'metadata', /metadata must be an object of strings.*not an array/],
    ['a non-string metadata value', { metadata: { team: 5 } }, 'metadata', /metadata.team must be a string.*not 5/],
  ];
  for (const [name, input, field, message] of refused) {
    it(`refuses ${name}`, () => {
      assert.throws(
        () => parseClientKeySpec(input, NOW),
        (error: unknown) => error instanceof ClientKeySpecError && error.field === field && message.test(error.message),
      );
    });
  }

  it('keeps a metadata label named __proto__ as a label', () => {
    const spec = parseClientKeySpec(JSON.parse('{"metadata":{"__proto__":"x","team":"a"}}'), NOW);
    assert.deepEqual(Object.entries(spec.metadata ?? {}), [['__proto__', 'x'], ['team', 'a']]);
  });
});

describe('parseLifetime', () => {
  it('reads days and weeks besides the units of parseDuration', () => {
    assert.equal(parseLifetime('30d'), 30 * DAY);
    assert.equal(parseLifetime('1 day'), DAY);
    assert.equal(parseLifetime('2 weeks'), 14 * DAY);
    assert.equal(parseLifetime('90m'), 90 * 60_000);
    assert.equal(parseLifetime('soon'), null);
  });
});
