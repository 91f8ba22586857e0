import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { StreamDeadline } from '../../../src/gateway/engine/stream-deadline.js';

describe('StreamDeadline', () => {
  let expired: boolean[];
  const start = (firstTokenMs: number, silenceMs: number) => new StreamDeadline(Date.now() + firstTokenMs, silenceMs, (flowing) => expired.push(flowing));

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
    expired = [];
  });
  afterEach(() => mock.timers.reset());

  /** Nothing expired 1 ms before `ms` from now; at `ms`, the limit it names (true: silence, false: first token). */
  const expiresAfter = (ms: number, flowing: boolean) => {
    mock.timers.tick(ms - 1);
    assert.deepEqual(expired, []);
    mock.timers.tick(1);
    assert.deepEqual(expired, [flowing]);
  };

  it('expires at the first-token limit when no token came, whatever chunks came before', () => {
    const deadline = start(100, 30);
    mock.timers.tick(60);
    deadline.moved(Date.now());
    expiresAfter(40, false);
  });

  it('once tokens flow, expires after the silence limit without a chunk, counted from the last one', () => {
    const deadline = start(100, 30);
    mock.timers.tick(10);
    deadline.tokensFlowing(Date.now());
    for (let i = 0; i < 10; i++) {
      mock.timers.tick(20);
      deadline.moved(Date.now());
    }
    assert.deepEqual(expired, [], 'chunks every 20 ms keep a 30 ms silence limit away, past the first-token limit');
    expiresAfter(30, true);
  });

  it('a silence limit shorter than what is left of the first-token limit is kept', () => {
    const deadline = start(60_000, 50);
    mock.timers.tick(5);
    deadline.tokensFlowing(Date.now());
    expiresAfter(50, true);
  });

  it('stopped, it never expires', () => {
    const deadline = start(10, 10);
    deadline.stop();
    mock.timers.tick(1_000);
    assert.deepEqual(expired, []);
  });
});
