import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CircuitBreaker, CircuitBreakers } from '../../../src/gateway/pool/circuit-breaker.js';
import { FakeClock } from './fake-clock.js';

const settings = { failureThreshold: 3, openMs: 10_000 };

function openBreaker(clock: FakeClock): CircuitBreaker {
  const breaker = new CircuitBreaker(settings, clock.now);
  for (let i = 0; i < 3; i++) breaker.failure();
  return breaker;
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold', () => {
    const breaker = new CircuitBreaker(settings, new FakeClock().now);
    breaker.failure();
    breaker.failure();
    assert.equal(breaker.state(), 'closed');
    assert.equal(breaker.allow(), true);
    assert.equal(breaker.openUntil(), null);
  });

  it('stays closed for a target that fails now and then, even in runs of failures', () => {
    const breaker = new CircuitBreaker(settings, new FakeClock().now);
    // One failure in five, with a run of three in a row inside successes
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 4; i++) breaker.success();
      breaker.failure();
    }
    for (let i = 0; i < 12; i++) breaker.success();
    for (let i = 0; i < 3; i++) breaker.failure();
    assert.equal(breaker.state(), 'closed');
  });

  it('opens when most recent outcomes are failures, even with a success among them', () => {
    const breaker = new CircuitBreaker(settings, new FakeClock().now);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    assert.equal(breaker.state(), 'open');
  });

  it('opens at the threshold and refuses everything for openMs', () => {
    const clock = new FakeClock();
    const breaker = openBreaker(clock);
    assert.equal(breaker.state(), 'open');
    assert.equal(breaker.openUntil(), clock.now() + 10_000);
    assert.equal(breaker.allow(), false);
    clock.advance(9_999);
    assert.equal(breaker.allow(), false);
  });

  it('then goes half-open and admits one trial at a time', () => {
    const clock = new FakeClock();
    const breaker = openBreaker(clock);
    clock.advance(10_000);
    assert.equal(breaker.state(), 'half-open');
    assert.equal(breaker.openUntil(), null, 'a trial may go');
    assert.equal(breaker.allow(), true, 'the trial');
    assert.equal(breaker.allow(), false, 'a second request while the trial runs');
    assert.equal(breaker.openUntil(), clock.now() + 10_000);
  });

  it('a successful trial closes it', () => {
    const clock = new FakeClock();
    const breaker = openBreaker(clock);
    clock.advance(10_000);
    breaker.allow();
    breaker.success();
    assert.equal(breaker.state(), 'closed');
    assert.ok([1, 2, 3].every(() => breaker.allow()));
    breaker.failure();
    breaker.failure();
    assert.equal(breaker.state(), 'closed', 'the count started again');
  });

  it('a failed trial reopens it for openMs', () => {
    const clock = new FakeClock();
    const breaker = openBreaker(clock);
    clock.advance(10_000);
    breaker.allow();
    clock.advance(500);
    breaker.failure();
    assert.equal(breaker.state(), 'open');
    assert.equal(breaker.openUntil(), clock.now() + 10_000);
    assert.equal(breaker.allow(), false);
  });

  it('a trial that never reports does not wedge it: after openMs another trial goes', () => {
    const clock = new FakeClock();
    const breaker = openBreaker(clock);
    clock.advance(10_000);
    assert.equal(breaker.allow(), true);
    clock.advance(9_999);
    assert.equal(breaker.allow(), false);
    clock.advance(1);
    assert.equal(breaker.allow(), true, 'the stuck trial is replaced');
    assert.equal(breaker.allow(), false, 'and again only one');
  });

  it('a late success from before it opened does not close an open breaker', () => {
    const clock = new FakeClock();
    const breaker = openBreaker(clock);
    breaker.success();
    assert.equal(breaker.state(), 'open');
  });
});

describe('CircuitBreakers', () => {
  it('makes one breaker per target on first use and reports them all', () => {
    const clock = new FakeClock();
    const breakers = new CircuitBreakers(clock.now);
    const first = breakers.get('openai/gpt-4o', settings);
    assert.equal(breakers.get('openai/gpt-4o', { failureThreshold: 1, openMs: 1 }), first);
    for (let i = 0; i < 3; i++) first.failure();
    breakers.get('anthropic/claude', settings);
    assert.deepEqual(breakers.states(), [
      { id: 'openai/gpt-4o', state: 'open', openUntil: clock.now() + 10_000 },
      { id: 'anthropic/claude', state: 'closed', openUntil: null },
    ]);
  });

  it('stays bounded when clients name endless targets, forgetting idle breakers first', () => {
    const clock = new FakeClock();
    const breakers = new CircuitBreakers(clock.now, 10);
    const failing = breakers.get('failing', settings);
    failing.failure();
    for (let i = 0; i < 100; i++) breakers.get(`model-${i}`, settings);
    const states = breakers.states();
    assert.ok(states.length <= 10, `${states.length} breakers kept`);
    assert.ok(states.some((state) => state.id === 'failing'), 'a breaker with failures outlives idle ones');
  });
});
