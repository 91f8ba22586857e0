import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyPool, type KeyPoolOptions } from '../../../src/gateway/pool/key-pool.js';
import type { KeyLease } from '../../../src/gateway/pool/types.js';
import { FakeClock } from './fake-clock.js';
import { diagnosis, keyConfigs, lease, LIMITS, noKey } from './fixtures.js';

const success = { kind: 'success', headers: {}, usedTokens: null } as const;
const neutral = { kind: 'neutral' } as const;

function makePool(clock: FakeClock, overrides: Partial<KeyPoolOptions> = {}): KeyPool {
  return new KeyPool({ upstream: 'openai', keys: keyConfigs(3), limits: LIMITS, rateHeaders: [], now: clock.now, timers: clock, ...overrides });
}

describe('KeyPool: which key a request gets', () => {
  it('takes the least-loaded key', () => {
    const pool = makePool(new FakeClock());
    const leases = [0, 1, 2].map(() => lease(pool.acquire(10)));
    assert.deepEqual(leases.map((l) => l.keyIndex), [0, 1, 2]);
    pool.release(leases[1]!, success);
    assert.equal(lease(pool.acquire(10)).keyIndex, 1, 'the only key with nothing in flight');
  });

  it('measures load against each key\'s own in-flight cap', () => {
    const keys = keyConfigs(2);
    keys[0]!.maxInFlight = 4;
    keys[1]!.maxInFlight = 2;
    const pool = makePool(new FakeClock(), { keys });
    const picks = Array.from({ length: 6 }, () => lease(pool.acquire(1)).keyIndex);
    assert.deepEqual(picks.filter((index) => index === 0).length, 4);
    assert.deepEqual(picks.filter((index) => index === 1).length, 2);
    assert.deepEqual(picks.slice(0, 2).sort(), [0, 1], 'both idle keys are used first');
    const full = noKey(pool.acquire(1));
    assert.deepEqual(full, { reason: 'busy', retryAt: null, diagnoses: [] });
  });

  it('held to one key, takes that key or none, and says why none about that key alone', () => {
    const clock = new FakeClock();
    const pool = makePool(clock, { keys: keyConfigs(3) });
    const only = (kept: number) => (index: number) => index === kept;
    assert.deepEqual([0, 1, 2, 3].map(() => lease(pool.acquire(1, undefined, only(2))).keyIndex), [2, 2, 2, 2]);
    const first = lease(pool.acquire(1, undefined, only(0)));
    pool.release(first, { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    const none = noKey(pool.acquire(1, undefined, only(0)));
    assert.equal(none.reason, 'disabled');
    assert.deepEqual(none.diagnoses.length, 1, 'about that key alone');
    assert.equal(lease(pool.acquire(1)).keyIndex !== 0, true, 'the others still serve');
  });

  it('held to the keys not asked yet, never goes back to one asked, even when it alone has room', () => {
    const clock = new FakeClock();
    const pool = makePool(clock, { keys: keyConfigs(3) });
    const asked = new Set([0, 2]);
    const notAsked = (index: number) => !asked.has(index);
    assert.deepEqual([0, 1, 2].map(() => lease(pool.acquire(1, asked, notAsked)).keyIndex), [1, 1, 1]);
    asked.add(1);
    const none = noKey(pool.acquire(1, asked, notAsked));
    assert.deepEqual(none, { reason: 'disabled', retryAt: null, diagnoses: [] }, 'none left to ask: the search is over');
  });

  it('shares 1,000 acquire/release cycles evenly (round robin among equally loaded keys)', () => {
    const pool = makePool(new FakeClock(), { keys: keyConfigs(4) });
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 1000; i++) {
      const held = lease(pool.acquire(1));
      counts[held.keyIndex]!++;
      pool.release(held, success);
    }
    assert.deepEqual(counts, [250, 250, 250, 250]);
  });

  it('stays even when leases overlap (5 in flight over 4 keys, 1,000 acquisitions)', () => {
    const pool = makePool(new FakeClock(), { keys: keyConfigs(4) });
    const counts = [0, 0, 0, 0];
    const held: KeyLease[] = [];
    for (let i = 0; i < 1000; i++) {
      const next = lease(pool.acquire(1));
      counts[next.keyIndex]!++;
      held.push(next);
      // Give back one of the older leases, not always the oldest, so loads differ from key to key.
      if (held.length > 5) pool.release(held.splice(i % 3, 1)[0]!, success);
    }
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 2, `counts ${counts.join(', ')}`);
  });

  it('avoids keys that already failed for the request while another key has room', () => {
    const pool = makePool(new FakeClock());
    for (let i = 0; i < 5; i++) {
      const held = lease(pool.acquire(1, new Set([0, 1])));
      assert.equal(held.keyIndex, 2);
      pool.release(held, success);
    }
  });

  it('falls back to an avoided key when it is the only one with room', () => {
    const clock = new FakeClock();
    const pool = makePool(clock);
    const cooled = lease(pool.acquire(1, new Set([0, 1])));
    assert.equal(cooled.keyIndex, 2);
    pool.release(cooled, { kind: 'cooldown', until: clock.now() + 10_000, diagnosis: diagnosis('rate_limited') });
    assert.ok([0, 1].includes(lease(pool.acquire(1, new Set([0, 1]))).keyIndex));
    const all = new Set([0, 1, 2]);
    assert.ok([0, 1].includes(lease(pool.acquire(1, all)).keyIndex), 'every key avoided: still served');
  });

  it('never exceeds a key\'s in-flight cap, and a release makes room again', () => {
    const pool = makePool(new FakeClock(), { keys: keyConfigs(2, { maxInFlight: 2 }) });
    const held = Array.from({ length: 4 }, () => lease(pool.acquire(1)));
    assert.equal(noKey(pool.acquire(1)).reason, 'busy');
    assert.deepEqual(pool.snapshot().map((key) => key.inFlight), [2, 2]);
    pool.release(held[3]!, neutral);
    assert.equal(lease(pool.acquire(1)).keyIndex, held[3]!.keyIndex);
  });

  it('uses the pool default in-flight cap when a key has none', () => {
    const pool = makePool(new FakeClock(), { keys: keyConfigs(1), limits: { ...LIMITS, maxInFlight: 3 } });
    for (let i = 0; i < 3; i++) lease(pool.acquire(1));
    assert.equal(noKey(pool.acquire(1)).reason, 'busy');
    assert.equal(pool.snapshot()[0]!.limits.maxInFlight, 3);
  });
});

describe('KeyPool: requests and tokens per minute', () => {
  it('holds a key to its RPM over a sliding minute', () => {
    const clock = new FakeClock();
    const start = clock.now();
    const pool = makePool(clock, { keys: keyConfigs(1, { requestsPerMinute: 3 }) });
    for (let i = 0; i < 3; i++) {
      pool.release(lease(pool.acquire(1)), success);
      clock.advance(10_000);
    }
    const refused = noKey(pool.acquire(1));
    assert.deepEqual(refused, { reason: 'busy', retryAt: start + 60_000, diagnoses: [] }, 'the first request leaves the window at 60 s');
    clock.advance(start + 59_999 - clock.now());
    assert.equal(noKey(pool.acquire(1)).reason, 'busy');
    clock.advance(1);
    pool.release(lease(pool.acquire(1)), success);
    assert.equal(noKey(pool.acquire(1)).retryAt, start + 70_000, 'next, the second request leaves');
  });

  it('never lets more than RPM requests into any minute, over five minutes', () => {
    const clock = new FakeClock();
    const pool = makePool(clock, { keys: keyConfigs(2, { requestsPerMinute: 7 }) });
    let sent = 0;
    for (let second = 0; second < 300; second++) {
      for (let tries = 0; tries < 3; tries++) {
        const result = pool.acquire(1);
        if ('keyIndex' in result) {
          sent++;
          pool.release(result, success);
        }
      }
      for (const key of pool.snapshot()) assert.ok(key.requestsLastMinute <= 7, `second ${second}: ${key.requestsLastMinute}`);
      clock.advance(1000);
    }
    assert.equal(sent, 2 * 7 * 5, 'each key sends its full budget once a minute');
  });

  it('reserves estimated tokens against TPM and corrects them with the tokens used', () => {
    const clock = new FakeClock();
    const start = clock.now();
    const pool = makePool(clock, { keys: keyConfigs(1, { tokensPerMinute: 1000 }) });
    const big = lease(pool.acquire(600));
    assert.equal(big.reservedTokens, 600);
    assert.deepEqual(noKey(pool.acquire(500)), { reason: 'busy', retryAt: start + 60_000, diagnoses: [] });
    const rest = lease(pool.acquire(400));
    assert.equal(pool.snapshot()[0]!.tokensLastMinute, 1000);
    clock.advance(2000);
    pool.release(big, { kind: 'success', headers: {}, usedTokens: 100 });
    assert.equal(pool.snapshot()[0]!.tokensLastMinute, 500, 'the 600 reserved became the 100 used');
    lease(pool.acquire(500));
    pool.release(rest, neutral);
    assert.equal(pool.snapshot()[0]!.tokensLastMinute, 1000, 'a failure without usage keeps its reservation');
  });

  it('names the second at which enough tokens leave the window', () => {
    const clock = new FakeClock();
    const start = clock.now();
    const pool = makePool(clock, { keys: keyConfigs(1, { tokensPerMinute: 1000 }) });
    pool.release(lease(pool.acquire(500)), success);
    clock.advance(15_000);
    pool.release(lease(pool.acquire(400)), success);
    clock.advance(15_000);
    assert.equal(noKey(pool.acquire(300)).retryAt, start + 60_000, 'the 500 must go');
    assert.equal(noKey(pool.acquire(700)).retryAt, start + 75_000, 'both must go');
  });

  it('lets one request larger than the whole TPM go when the window is empty', () => {
    const clock = new FakeClock();
    const start = clock.now();
    const pool = makePool(clock, { keys: keyConfigs(1, { tokensPerMinute: 1000 }) });
    pool.release(lease(pool.acquire(5000)), success);
    assert.deepEqual(noKey(pool.acquire(1)), { reason: 'busy', retryAt: start + 60_000, diagnoses: [] });
    assert.equal(noKey(pool.acquire(5000)).retryAt, start + 60_000);
    clock.advance(60_000);
    lease(pool.acquire(1));
  });

  it('combines RPM and TPM: the later of the two is when the key has room', () => {
    const clock = new FakeClock();
    const start = clock.now();
    const pool = makePool(clock, { keys: keyConfigs(1, { requestsPerMinute: 2, tokensPerMinute: 100 }) });
    pool.release(lease(pool.acquire(10)), success);
    clock.advance(20_000);
    pool.release(lease(pool.acquire(90)), success);
    assert.equal(noKey(pool.acquire(10)).retryAt, start + 60_000, 'at 60 s both a request and 10 tokens are free');
    assert.equal(noKey(pool.acquire(20)).retryAt, start + 80_000, 'RPM frees at 60 s, but 20 tokens only fit once the 90 leave at 80 s');
  });
});

describe('KeyPool: why no key', () => {
  it('disabled: every key is disabled, with their diagnoses', () => {
    const pool = makePool(new FakeClock(), { keys: keyConfigs(2) });
    const [first, second] = [lease(pool.acquire(1)), lease(pool.acquire(1))];
    pool.release(first, { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    pool.release(second, { kind: 'disable', diagnosis: diagnosis('billing') });
    const refused = noKey(pool.acquire(1));
    assert.equal(refused.reason, 'disabled');
    assert.equal(refused.retryAt, null);
    assert.deepEqual(refused.diagnoses.map((d) => d.category).sort(), ['billing', 'key_invalid']);
  });

  it('cooling: every key that is not disabled is cooling; retryAt is the earliest end', () => {
    const clock = new FakeClock();
    const now = clock.now();
    const pool = makePool(clock);
    const [a, b, c] = [lease(pool.acquire(1)), lease(pool.acquire(1)), lease(pool.acquire(1))];
    pool.release(a, { kind: 'cooldown', until: now + 9000, diagnosis: diagnosis('rate_limited') });
    pool.release(b, { kind: 'cooldown', until: now + 4000, diagnosis: diagnosis('rate_limited') });
    pool.release(c, { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    const refused = noKey(pool.acquire(1));
    assert.equal(refused.reason, 'cooling');
    assert.equal(refused.retryAt, now + 4000);
    assert.deepEqual(refused.diagnoses.map((d) => d.category), ['key_invalid']);
  });

  it('busy: a key is full; retryAt is the earliest known time (a cooldown end) or null', () => {
    const clock = new FakeClock();
    const now = clock.now();
    const pool = makePool(clock, { keys: keyConfigs(2, { maxInFlight: 1 }) });
    const [a] = [lease(pool.acquire(1)), lease(pool.acquire(1))];
    assert.deepEqual(noKey(pool.acquire(1)), { reason: 'busy', retryAt: null, diagnoses: [] }, 'only in-flight limits: a release will tell');
    pool.release(a, { kind: 'cooldown', until: now + 5000, diagnosis: diagnosis('rate_limited') });
    assert.deepEqual(noKey(pool.acquire(1)), { reason: 'busy', retryAt: now + 5000, diagnoses: [] });
  });

  it('an upstream without keys has none to give', () => {
    const pool = makePool(new FakeClock(), { keys: [] });
    assert.deepEqual(noKey(pool.acquire(1)), { reason: 'disabled', retryAt: null, diagnoses: [] });
  });
});
