import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { limitHeapGrowth } from '../../src/cli/heap-growth.js';
import { DEFAULTS } from '../../src/core/defaults.js';

describe('the gateway process limits its heap growth', () => {
  const flagsSet = (execArgv: string[]) => {
    const set: string[] = [];
    limitHeapGrowth(execArgv, (flags) => set.push(flags));
    return set;
  };

  it('sets V8 heap growth from the defaults', () => {
    assert.deepEqual(flagsSet(['--enable-source-maps']), [`--heap-growing-percent=${DEFAULTS.gateway.heapGrowingPercent}`]);
  });

  it('leaves a value given to node alone, however it is spelt', () => {
    for (const given of ['--heap-growing-percent=50', '--heap_growing_percent=50', '--heap-growing-percent']) assert.deepEqual(flagsSet([given]), [], given);
  });

  it('is not fooled by a flag that only starts the same', () => {
    assert.equal(flagsSet(['--heap-growing-percentage=5']).length, 1);
  });
});
