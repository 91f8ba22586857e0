import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DURATION_PATTERN, parseDuration } from '../../src/core/duration.js';

describe('parseDuration', () => {
  const accepted: Array<[string, number]> = [
    // OpenAI x-ratelimit-reset-* and "Please try again in ..." values (Go durations)
    ['120ms', 120],
    ['8ms', 8],
    ['6m0s', 360_000],
    ['1m26.4s', 86_400],
    ['7m12s', 432_000],
    ['9.816s', 9_816],
    ['15s', 15_000],
    ['38.8s', 38_800],
    ['0.5s', 500],
    ['.5s', 500],
    ['1h2m3s', 3_723_000],
    ['2h', 7_200_000],
    ['0s', 0],
    ['1.5m', 90_000],
    ['1.5h', 5_400_000],
    ['250us', 0.25],
    ['250µs', 0.25],
    ['1500000ns', 1.5],
    // protobuf Duration JSON
    ['15.002s', 15_002],
    ['0.120s', 120],
    ['38.863719904s', 38_863.72],
    // English
    ['30 seconds', 30_000],
    ['1 second', 1_000],
    ['1 minute', 60_000],
    ['2 minutes 3 seconds', 123_000],
    ['1 minute and 30 seconds', 90_000],
    ['1 hour, 5 minutes', 3_900_000],
    ['24 hours', 86_400_000],
    ['5 sec', 5_000],
    ['10 min', 600_000],
    ['500 milliseconds', 500],
    ['30 Seconds', 30_000],
    ['1m 30s', 90_000],
    ['  15s\n', 15_000],
  ];
  for (const [text, ms] of accepted) {
    it(`reads ${JSON.stringify(text)} as ${ms} ms`, () => {
      assert.equal(parseDuration(text), ms);
    });
  }

  const refused = [
    '', // nothing
    '15', // bare number: seconds or milliseconds? only the header knows
    '0', // Azure's reset placeholder
    '-1s', // negative
    '-1',
    '1s1m', // units out of order
    '1s2s', // unit repeated
    '5M', // months? millions?
    '15S',
    '1m,', // dangling separator
    '1m and',
    '15 s later',
    'soon',
    'a moment',
    '1.2.3s',
    '1e3s',
    'Infinitys',
    '15 fortnights',
    '1d', // days are not a Go unit
  ];
  for (const text of refused) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      assert.equal(parseDuration(text), null);
    });
  }
});

describe('DURATION_PATTERN', () => {
  it('finds the duration inside a sentence and stops at the unit', () => {
    const match = new RegExp(DURATION_PATTERN, 'i').exec('in 1m26.4s. Visit https://platform.openai.com');
    assert.equal(match?.[0], '1m26.4s');
  });

  it('does not swallow a following number that has no unit', () => {
    const match = new RegExp(DURATION_PATTERN, 'i').exec('in 30 seconds 2 more times');
    assert.equal(match?.[0], '30 seconds');
  });

  // A backtracking blow-up would hang here rather than fail: no timing assertion (see DESIGN.md).
  it('scans a long run of digits and spaces that never reaches a unit', () => {
    assert.equal(new RegExp(DURATION_PATTERN, 'i').exec('1 '.repeat(50_000) + 'x'), null);
  });
});
