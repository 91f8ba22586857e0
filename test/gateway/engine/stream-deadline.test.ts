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

  it('expires at the first-token limit when no token came, whatever chunks came before', () => {
    const deadline = start(100, 30);
    mock.timers.tick(60);
    deadline.moved(Date.now());
    mock.timers.tick(39);
    assert.deepEqual(expired, []);
    mock.timers.tick(1);
    assert.deepEqual(expired, [false]);
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
    mock.timers.tick(29);
    assert.deepEqual(expired, []);
    mock.timers.tick(1);
    assert.deepEqual(expired, [true]);
  });

  it('a silence limit shorter than what is left of the first-token limit is kept', () => {
    const deadline = start(60_000, 50);
    mock.timers.tick(5);
    deadline.tokensFlowing(Date.now());
    mock.timers.tick(50);
    assert.deepEqual(expired, [true]);
  });

  it('stopped, it never expires', () => {
    const deadline = start(10, 10);
    deadline.stop();
    mock.timers.tick(1_000);
    assert.deepEqual(expired, []);
  });
});
