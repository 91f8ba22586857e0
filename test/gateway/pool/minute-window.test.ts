import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MinuteWindow } from '../../../src/gateway/pool/minute-window.js';

const T0 = 1_750_000_000_000;

describe('MinuteWindow', () => {
  it('forgets an amount when second s + 60 begins', () => {
    const window = new MinuteWindow();
    window.add(T0 + 999, 5);
    assert.equal(window.sum(T0 + 59_999), 5);
    assert.equal(window.sum(T0 + 60_000), 0);
  });

  it('slides second by second, and a jump of more than a minute clears it all', () => {
    const window = new MinuteWindow();
    for (let second = 0; second < 120; second++) window.add(T0 + second * 1000, 1);
    assert.equal(window.sum(T0 + 119_000), 60);
    assert.equal(window.sum(T0 + 150_000), 29);
    assert.equal(window.sum(T0 + 10 * 60_000), 0);
  });

  it('a clock stepping back counts into the newest second', () => {
    const window = new MinuteWindow();
    window.add(T0 + 30_000, 1);
    assert.equal(window.add(T0, 1), (T0 + 30_000) / 1000);
    assert.equal(window.sum(T0 + 89_999), 2);
    assert.equal(window.sum(T0 + 90_000), 0);
  });

  it('corrects an amount only while its second is in the window, never below zero', () => {
    const window = new MinuteWindow();
    const second = window.add(T0, 100);
    window.add(T0 + 5000, 10);
    window.correct(second, -500, T0 + 6000);
    assert.equal(window.sum(T0 + 6000), 10);
    window.correct(second, 50, T0 + 6000);
    assert.equal(window.sum(T0 + 6000), 60);
    window.correct(second, 1000, T0 + 60_000);
    assert.equal(window.sum(T0 + 60_000), 10, 'the second had left the window');
  });

  it('names when the sum falls to a ceiling', () => {
    const window = new MinuteWindow();
    window.add(T0, 3);
    window.add(T0 + 10_000, 2);
    window.add(T0 + 20_500, 1);
    assert.equal(window.timeWhenAtMost(6, T0 + 30_000), T0 + 30_000);
    assert.equal(window.timeWhenAtMost(3, T0 + 30_000), T0 + 60_000);
    assert.equal(window.timeWhenAtMost(1, T0 + 30_000), T0 + 70_000);
    assert.equal(window.timeWhenAtMost(0, T0 + 30_000), T0 + 80_000);
  });
});
