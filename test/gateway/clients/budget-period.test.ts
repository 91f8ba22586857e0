import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { periodSpan } from '../../../src/gateway/clients/budget-period.js';

const iso = (span: { start: number; end: number | null }) => [new Date(span.start).toISOString(), span.end === null ? null : new Date(span.end).toISOString()];

describe('periodSpan', () => {
  it('cuts days at midnight UTC', () => {
    assert.deepEqual(iso(periodSpan('day', Date.UTC(2026, 0, 14, 23, 59, 59, 999))), ['2026-01-14T00:00:00.000Z', '2026-01-15T00:00:00.000Z']);
    assert.deepEqual(iso(periodSpan('day', Date.UTC(2026, 0, 15))), ['2026-01-15T00:00:00.000Z', '2026-01-16T00:00:00.000Z']);
  });

  it('starts weeks on Monday, Sunday included in the week before', () => {
    // 2026-01-12 is a Monday, 2026-01-18 a Sunday
    for (const day of [12, 14, 18]) assert.deepEqual(iso(periodSpan('week', Date.UTC(2026, 0, day, 12))), ['2026-01-12T00:00:00.000Z', '2026-01-19T00:00:00.000Z'], `day ${day}`);
    assert.deepEqual(iso(periodSpan('week', Date.UTC(2026, 0, 11, 23))), ['2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z']);
    assert.deepEqual(iso(periodSpan('week', Date.UTC(2025, 11, 31))), ['2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z'], 'across a new year');
  });

  it('runs months from the first to the first, across years and leap days', () => {
    assert.deepEqual(iso(periodSpan('month', Date.UTC(2025, 11, 31, 23))), ['2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    assert.deepEqual(iso(periodSpan('month', Date.UTC(2028, 1, 29))), ['2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z']);
  });

  it('counts a total budget from the epoch, with no end', () => {
    assert.deepEqual(periodSpan('total', Date.UTC(2026, 0, 14)), { start: 0, end: null });
  });
});
