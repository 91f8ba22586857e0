import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdmissionQueue, type WaitResult } from '../../../src/gateway/pool/admission-queue.js';
import { FakeClock } from './fake-clock.js';
import { flush } from './fixtures.js';

function makeQueue(maxSize = 10) {
  const clock = new FakeClock();
  return { clock, queue: new AdmissionQueue({ maxSize, now: clock.now, timers: clock }) };
}

/** Records each wait's result, in the order they settle. */
function track(results: string[], name: string, waiting: Promise<WaitResult>): void {
  void waiting.then((result) => results.push(`${name}:${result}`));
}

describe('AdmissionQueue', () => {
  it('wakes waiters first come, first served', async () => {
    const { clock, queue } = makeQueue();
    const results: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) track(results, name, queue.wait(clock.now() + 60_000, null));
    assert.equal(queue.depth(), 4);
    queue.wake();
    await flush();
    assert.deepEqual(results, ['a:woken']);
    queue.wake(2);
    await flush();
    assert.deepEqual(results, ['a:woken', 'b:woken', 'c:woken']);
    queue.wakeAll();
    queue.wake();
    await flush();
    assert.deepEqual(results, ['a:woken', 'b:woken', 'c:woken', 'd:woken']);
    assert.equal(queue.depth(), 0);
    assert.equal(clock.pending(), 0, 'no timer left behind');
  });

  it('answers full at once when maxSize requests already wait', async () => {
    const { clock, queue } = makeQueue(2);
    void queue.wait(clock.now() + 1000, null);
    void queue.wait(clock.now() + 1000, null);
    assert.equal(await queue.wait(clock.now() + 1000, null), 'full');
    assert.equal(queue.depth(), 2);
    queue.wake();
    const third = queue.wait(clock.now() + 1000, null);
    assert.equal(queue.depth(), 2, 'a place freed up');
    queue.wakeAll();
    assert.equal(await third, 'woken');
  });

  it('expires a waiter at its deadline and leaves the others in order', async () => {
    const { clock, queue } = makeQueue();
    const results: string[] = [];
    track(results, 'long', queue.wait(clock.now() + 5000, null));
    track(results, 'short', queue.wait(clock.now() + 1000, null));
    track(results, 'last', queue.wait(clock.now() + 5000, null));
    clock.advance(999);
    await flush();
    assert.deepEqual(results, []);
    clock.advance(1);
    await flush();
    assert.deepEqual(results, ['short:expired']);
    assert.equal(queue.depth(), 2);
    queue.wake();
    await flush();
    assert.deepEqual(results, ['short:expired', 'long:woken']);
    clock.advance(4000);
    await flush();
    assert.deepEqual(results, ['short:expired', 'long:woken', 'last:expired']);
    assert.equal(clock.pending(), 0);
  });

  it('wakes a waiter at wakeAt when that comes before the deadline', async () => {
    const { clock, queue } = makeQueue();
    const results: string[] = [];
    track(results, 'soon', queue.wait(clock.now() + 5000, clock.now() + 2000));
    track(results, 'late', queue.wait(clock.now() + 1000, clock.now() + 2000));
    clock.advance(1000);
    await flush();
    assert.deepEqual(results, ['late:expired'], 'a wake after the deadline is no wake');
    clock.advance(1000);
    await flush();
    assert.deepEqual(results, ['late:expired', 'soon:woken']);
    assert.equal(clock.pending(), 0);
  });

  it('settles at once when the deadline or wakeAt has already passed', async () => {
    const { clock, queue } = makeQueue();
    assert.equal(await queue.wait(clock.now(), null), 'expired');
    assert.equal(await queue.wait(clock.now() + 1000, clock.now() - 1), 'woken');
    assert.equal(queue.depth(), 0);
    assert.equal(clock.pending(), 0);
  });

  it('an aborted waiter leaves the queue at once, with its timer and listener', async () => {
    const { clock, queue } = makeQueue();
    const controller = new AbortController();
    const results: string[] = [];
    track(results, 'first', queue.wait(clock.now() + 5000, null));
    track(results, 'gone', queue.wait(clock.now() + 5000, null, controller.signal));
    track(results, 'third', queue.wait(clock.now() + 5000, null));
    controller.abort();
    assert.equal(queue.depth(), 2);
    assert.equal(clock.pending(), 2);
    queue.wake(2);
    await flush();
    assert.deepEqual(results, ['gone:aborted', 'first:woken', 'third:woken']);
    assert.equal(await queue.wait(clock.now() + 5000, null, controller.signal), 'aborted', 'an already aborted signal never waits');
  });

  it('a settled waiter no longer listens to its signal', async () => {
    const { clock, queue } = makeQueue();
    const controller = new AbortController();
    let listeners = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => (listeners++, add(...args))) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => (listeners--, remove(...args))) as typeof remove;
    const waiting = queue.wait(clock.now() + 5000, null, signal);
    assert.equal(listeners, 1);
    queue.wake();
    assert.equal(await waiting, 'woken');
    assert.equal(listeners, 0);
    controller.abort();
    assert.equal(queue.depth(), 0);
  });

  it('reports how long the oldest waiter has waited', () => {
    const { clock, queue } = makeQueue();
    assert.equal(queue.oldestWaitMs(), 0);
    void queue.wait(clock.now() + 60_000, null);
    clock.advance(1500);
    void queue.wait(clock.now() + 60_000, null);
    clock.advance(500);
    assert.equal(queue.oldestWaitMs(), 2000);
    queue.wake();
    assert.equal(queue.oldestWaitMs(), 500);
    queue.wakeAll();
  });

  it('serves 20,000 waiters in arrival order, woken in batches, with aborts in between', async () => {
    const { clock, queue } = makeQueue(20_000);
    const order: number[] = [];
    const controllers = Array.from({ length: 20_000 }, () => new AbortController());
    const waits = controllers.map((controller, index) =>
      queue.wait(clock.now() + 60_000, null, controller.signal).then((result) => {
        if (result === 'woken') order.push(index);
        return result;
      }),
    );
    for (let index = 1; index < 20_000; index += 7) controllers[index]!.abort();
    while (queue.depth() > 0) queue.wake(1000);
    const results = await Promise.all(waits);
    assert.equal(results.filter((result) => result === 'aborted').length, Math.ceil(19_999 / 7));
    assert.ok(order.every((index, position) => position === 0 || index > order[position - 1]!), 'first come, first served');
    assert.equal(order.length + Math.ceil(19_999 / 7), 20_000);
    assert.equal(clock.pending(), 0);
  });

  it('with Node\'s timers: a waiter expires on time, a woken one takes its timer along', async () => {
    const queue = new AdmissionQueue({ maxSize: 10 });
    const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timeouts();
    const started = Date.now();
    const expiring = queue.wait(started + 30, null);
    const woken = queue.wait(started + 60_000, null);
    assert.equal(timeouts(), before + 2);
    assert.equal(await expiring, 'expired');
    assert.ok(Date.now() - started >= 29, 'not before its deadline');
    assert.equal(timeouts(), before + 1);
    queue.wake();
    assert.equal(await woken, 'woken');
    assert.equal(timeouts(), before, 'the 60 s timer is gone, so it cannot hold the process');
  });
});
