import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import type { Diagnosis } from '../../../src/core/diagnosis.js';
import { KeyPool, type KeyPoolOptions } from '../../../src/gateway/pool/key-pool.js';
import { ANTHROPIC_LIMIT_HEADERS, ANTHROPIC_RESET_HEADERS } from '../../../src/providers/anthropic/api.js';
import { OPENAI_LIMIT_HEADERS, OPENAI_RESET_HEADERS } from '../../../src/providers/openai/api.js';
import { FakeClock } from './fake-clock.js';
import { diagnosis, flush, keyConfigs, lease, LIMITS, noKey, secretOf } from './fixtures.js';

const rateLimited = diagnosis('rate_limited', 'Rate limited');

function makePool(clock: FakeClock, overrides: Partial<KeyPoolOptions> = {}): KeyPool {
  return new KeyPool({ upstream: 'openai', keys: keyConfigs(1), limits: LIMITS, rateHeaders: OPENAI_RESET_HEADERS, limitHeaders: OPENAI_LIMIT_HEADERS, now: clock.now, timers: clock, ...overrides });
}

function countCapacity(pool: KeyPool): { calls: number } {
  const seen = { calls: 0 };
  pool.onCapacity(() => seen.calls++);
  return seen;
}

describe('KeyPool: cooldowns', () => {
  it('a cooling key rests until its end, then capacity listeners hear of it at that moment', () => {
    const clock = new FakeClock();
    const pool = makePool(clock);
    const capacity = countCapacity(pool);
    const until = clock.now() + 5000;
    pool.release(lease(pool.acquire(1)), { kind: 'cooldown', until, diagnosis: rateLimited });
    assert.equal(capacity.calls, 0, 'a release onto a cooling key frees nothing usable');
    assert.deepEqual(pool.snapshot()[0]!.health, { state: 'cooling', until, reason: 'Rate limited' });
    assert.deepEqual(noKey(pool.acquire(1)), { reason: 'cooling', retryAt: until, diagnoses: [] });
    clock.advance(4999);
    assert.equal(capacity.calls, 0);
    assert.equal(noKey(pool.acquire(1)).reason, 'cooling');
    clock.advance(1);
    assert.equal(capacity.calls, 1);
    assert.equal(clock.pending(), 0);
    assert.deepEqual(pool.snapshot()[0]!.health, { state: 'healthy' });
    lease(pool.acquire(1));
  });

  it('ends lazily: once its end has passed the key is usable even without the timer', () => {
    const clock = new FakeClock();
    const pool = makePool(clock);
    pool.release(lease(pool.acquire(1)), { kind: 'cooldown', until: clock.now() + 5000, diagnosis: rateLimited });
    pool.close();
    assert.equal(clock.pending(), 0);
    clock.advance(5000);
    lease(pool.acquire(1));
  });

  it('a cooldown that has already ended rests the key for the default cooldown instead', () => {
    const clock = new FakeClock();
    const pool = makePool(clock, { limits: { ...LIMITS, cooldownMs: 7000 } });
    pool.release(lease(pool.acquire(1)), { kind: 'cooldown', until: clock.now() - 1, diagnosis: rateLimited });
    assert.equal(noKey(pool.acquire(1)).retryAt, clock.now() + 7000);
  });

  it('a longer rest stands; a later end replaces the timer rather than adding one', () => {
    const clock = new FakeClock();
    const now = clock.now();
    const pool = makePool(clock, { keys: keyConfigs(1, { maxInFlight: 3 }) });
    const capacity = countCapacity(pool);
    const [a, b, c] = [lease(pool.acquire(1)), lease(pool.acquire(1)), lease(pool.acquire(1))];
    pool.release(a, { kind: 'cooldown', until: now + 5000, diagnosis: rateLimited });
    pool.release(b, { kind: 'cooldown', until: now + 2000, diagnosis: rateLimited });
    assert.equal(noKey(pool.acquire(1)).retryAt, now + 5000);
    pool.release(c, { kind: 'cooldown', until: now + 8000, diagnosis: rateLimited });
    assert.equal(clock.pending(), 1);
    clock.advance(5000);
    assert.equal(capacity.calls, 0, 'the replaced timer did not fire');
    clock.advance(3000);
    assert.equal(capacity.calls, 1);
  });

  it('releases on a healthy key tell the listeners; an unsubscribed listener hears nothing', () => {
    const pool = makePool(new FakeClock());
    const capacity = countCapacity(pool);
    let other = 0;
    const unsubscribe = pool.onCapacity(() => other++);
    pool.release(lease(pool.acquire(1)), { kind: 'neutral' });
    unsubscribe();
    pool.release(lease(pool.acquire(1)), { kind: 'success', headers: {}, usedTokens: 1 });
    assert.equal(capacity.calls, 2);
    assert.equal(other, 1);
  });
});

describe('KeyPool: learning from the provider\'s headers', () => {
  it('OpenAI: no requests remaining rests the key until the reset', () => {
    const clock = new FakeClock();
    const pool = makePool(clock);
    const headers = { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '20s', 'x-ratelimit-remaining-tokens': '9000', 'x-ratelimit-reset-tokens': '6ms' };
    pool.release(lease(pool.acquire(1)), { kind: 'success', headers, usedTokens: 5 });
    const health = pool.snapshot()[0]!.health;
    assert.equal(health.state, 'cooling');
    assert.equal(health.state === 'cooling' && health.until, clock.now() + 20_000);
    assert.match(health.state === 'cooling' ? health.reason : '', /reset the provider announced.*x-ratelimit-reset-requests: 20s/);
  });

  it('OpenAI: no tokens remaining rests the key for the tokens\' reset', () => {
    const clock = new FakeClock();
    const pool = makePool(clock);
    const headers = { 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-reset-requests': '120ms', 'x-ratelimit-remaining-tokens': ['0'], 'x-ratelimit-reset-tokens': ['1m26.4s'] };
    pool.release(lease(pool.acquire(1)), { kind: 'success', headers, usedTokens: 5 });
    assert.equal(noKey(pool.acquire(1)).retryAt, clock.now() + 86_400);
  });

  it('room left, or a reset that cannot be read, leaves the key in rotation', () => {
    const clock = new FakeClock();
    const pool = makePool(clock);
    pool.release(lease(pool.acquire(1)), { kind: 'success', headers: { 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': '20s' }, usedTokens: 5 });
    pool.release(lease(pool.acquire(1)), { kind: 'success', headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': 'soon' }, usedTokens: 5 });
    assert.deepEqual(pool.snapshot()[0]!.health, { state: 'healthy' });
  });

  it('OpenAI: the limit headers become the key\'s RPM and TPM, and follow later changes', () => {
    const clock = new FakeClock();
    const pool = makePool(clock);
    const limits = (rpm: string, tpm: string) => ({ 'x-ratelimit-limit-requests': rpm, 'x-ratelimit-limit-tokens': tpm, 'x-ratelimit-remaining-requests': '1' });
    pool.release(lease(pool.acquire(1)), { kind: 'success', headers: limits('3', '40000'), usedTokens: 1 });
    assert.deepEqual(pool.snapshot()[0]!.limits, { maxInFlight: 256, rpm: 3, tpm: 40_000, learned: { rpm: 3, tpm: 40_000 } });
    pool.release(lease(pool.acquire(1)), { kind: 'success', headers: limits('3', '40000'), usedTokens: 1 });
    const third = lease(pool.acquire(1));
    assert.equal(noKey(pool.acquire(1)).reason, 'busy', 'the learnt RPM of 3 is enforced');
    pool.release(third, { kind: 'success', headers: limits('5', '40000'), usedTokens: 1 });
    lease(pool.acquire(1));
    lease(pool.acquire(1));
    assert.equal(noKey(pool.acquire(1)).reason, 'busy', 'a raised limit of 5 lets two more go');
  });

  it('a configured limit wins over the learnt one; without limit header names nothing is learnt', () => {
    const clock = new FakeClock();
    const configured = makePool(clock, { keys: keyConfigs(1, { requestsPerMinute: 100 }) });
    const headers = { 'x-ratelimit-limit-requests': '3', 'x-ratelimit-limit-tokens': '0' };
    configured.release(lease(configured.acquire(1)), { kind: 'success', headers, usedTokens: 1 });
    assert.deepEqual(configured.snapshot()[0]!.limits, { maxInFlight: 256, rpm: 100, tpm: null, learned: { rpm: 3, tpm: null } });
    const unnamed = makePool(clock, { limitHeaders: undefined });
    unnamed.release(lease(unnamed.acquire(1)), { kind: 'success', headers, usedTokens: 1 });
    assert.deepEqual(unnamed.snapshot()[0]!.limits, { maxInFlight: 256, rpm: null, tpm: null });
  });

  it('Anthropic: requests remaining 0 rests the key until the RFC 3339 reset; the limit becomes its RPM', () => {
    const clock = new FakeClock();
    const pool = makePool(clock, { upstream: 'anthropic', rateHeaders: ANTHROPIC_RESET_HEADERS, limitHeaders: ANTHROPIC_LIMIT_HEADERS });
    const reset = clock.now() + 30_000;
    const headers = {
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': new Date(reset).toISOString(),
      'anthropic-ratelimit-tokens-limit': '80000',
      'anthropic-ratelimit-tokens-remaining': '79000',
      'anthropic-ratelimit-tokens-reset': new Date(clock.now() + 1000).toISOString(),
    };
    pool.release(lease(pool.acquire(1)), { kind: 'success', headers, usedTokens: 10 });
    assert.deepEqual(noKey(pool.acquire(1)), { reason: 'cooling', retryAt: reset, diagnoses: [] });
    assert.deepEqual(pool.snapshot()[0]!.limits, { maxInFlight: 256, rpm: 50, tpm: 80_000, learned: { rpm: 50, tpm: 80_000 } });
    clock.advance(30_000);
    for (let i = 1; i < 50; i++) pool.release(lease(pool.acquire(1)), { kind: 'neutral' });
    assert.equal(noKey(pool.acquire(1)).reason, 'busy', '50 requests in the minute');
  });

  it('a 429 with limit headers teaches the limits too', () => {
    const clock = new FakeClock();
    const pool = makePool(clock);
    pool.release(lease(pool.acquire(1)), { kind: 'cooldown', until: clock.now() + 1000, diagnosis: rateLimited, headers: { 'x-ratelimit-limit-requests': '60' } });
    assert.equal(pool.snapshot()[0]!.limits.rpm, 60);
  });
});

describe('KeyPool: disabled keys and the background re-probe', () => {
  function probing(clock: FakeClock, answers: Array<Diagnosis | null | Error>) {
    const calls: string[] = [];
    const probe = async (secret: string): Promise<Diagnosis | null> => {
      calls.push(secret);
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer ?? null;
    };
    const pool = makePool(clock, { keys: keyConfigs(2), limits: { ...LIMITS, reprobeMs: 1000 }, probe });
    return { pool, calls };
  }

  it('a key still refused stays disabled (lastProbe updated); once the probe passes it is back and listeners hear it', async () => {
    const clock = new FakeClock();
    const since = clock.now();
    const { pool, calls } = probing(clock, [diagnosis('billing'), null]);
    const capacity = countCapacity(pool);
    pool.release(lease(pool.acquire(1)), { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    assert.deepEqual(pool.snapshot()[0]!.health, { state: 'disabled', since, diagnosis: diagnosis('key_invalid'), lastProbe: null });
    assert.equal(lease(pool.acquire(1)).keyIndex, 1);
    clock.advance(999);
    assert.equal(calls.length, 0);
    clock.advance(1);
    await flush();
    assert.deepEqual(calls, [secretOf(0)]);
    assert.deepEqual(pool.snapshot()[0]!.health, { state: 'disabled', since, diagnosis: diagnosis('billing'), lastProbe: since + 1000 });
    assert.equal(capacity.calls, 0);
    clock.advance(1000);
    await flush();
    assert.equal(calls.length, 2);
    assert.deepEqual(pool.snapshot()[0]!.health, { state: 'healthy' });
    assert.equal(capacity.calls, 1);
    assert.equal(clock.pending(), 0, 'no probe is scheduled for a healthy key');
  });

  it('a probe that fails to run keeps the key disabled with its diagnosis and tries again later', async () => {
    const clock = new FakeClock();
    const { pool, calls } = probing(clock, [new Error('ECONNRESET'), null]);
    pool.release(lease(pool.acquire(1)), { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    clock.advance(1000);
    await flush();
    const health = pool.snapshot()[0]!.health;
    assert.equal(health.state === 'disabled' && health.diagnosis.category, 'key_invalid');
    clock.advance(1000);
    await flush();
    assert.equal(calls.length, 2);
    assert.equal(pool.snapshot()[0]!.health.state, 'healthy');
  });

  it('a second refusal of a disabled key keeps one probe schedule and its first `since`', () => {
    const clock = new FakeClock();
    const since = clock.now();
    const { pool } = probing(clock, []);
    const [a, b] = [lease(pool.acquire(1)), lease(pool.acquire(1, new Set([1])))];
    pool.release(a, { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    clock.advance(10);
    pool.release(b, { kind: 'disable', diagnosis: diagnosis('permission_denied') });
    pool.release(lease(pool.acquire(1)), { kind: 'cooldown', until: clock.now() + 60_000, diagnosis: rateLimited });
    const health = pool.snapshot()[0]!.health;
    assert.equal(health.state === 'disabled' && health.since, since);
    assert.equal(health.state === 'disabled' && health.diagnosis.category, 'permission_denied');
    assert.equal(clock.pending(), 2, 'one probe for key 0, one cooldown for key 1');
  });

  it('without a probe a disabled key stays out and no timer is set', () => {
    const clock = new FakeClock();
    const pool = makePool(clock);
    pool.release(lease(pool.acquire(1)), { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    assert.equal(clock.pending(), 0);
    clock.advance(LIMITS.reprobeMs * 3);
    assert.equal(noKey(pool.acquire(1)).reason, 'disabled');
  });
});

describe('KeyPool: close, leases and secrets', () => {
  it('close() stops every timer, is idempotent, and a probe answering afterwards changes nothing', async () => {
    const clock = new FakeClock();
    let answer: (value: Diagnosis | null) => void = () => undefined;
    const pool = makePool(clock, { keys: keyConfigs(3), limits: { ...LIMITS, reprobeMs: 1000 }, probe: () => new Promise((resolve) => (answer = resolve)) });
    const capacity = countCapacity(pool);
    pool.release(lease(pool.acquire(1)), { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    pool.release(lease(pool.acquire(1)), { kind: 'cooldown', until: clock.now() + 60_000, diagnosis: rateLimited });
    clock.advance(1000);
    assert.equal(clock.pending(), 1, 'the cooldown; the probe is running');
    pool.close();
    pool.close();
    assert.equal(clock.pending(), 0);
    answer(null);
    await flush();
    assert.equal(pool.snapshot()[0]!.health.state, 'disabled');
    assert.equal(capacity.calls, 0);
    pool.release(lease(pool.acquire(1)), { kind: 'cooldown', until: clock.now() + 5000, diagnosis: rateLimited });
    assert.equal(clock.pending(), 0, 'a closed pool sets no new timer');
  });

  it('with Node\'s timers: close() cancels the re-probe', async () => {
    let probes = 0;
    const pool = new KeyPool({ upstream: 'openai', keys: keyConfigs(1), limits: { ...LIMITS, reprobeMs: 20 }, rateHeaders: [], probe: async () => (probes++, null) });
    pool.release(lease(pool.acquire(1)), { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    pool.close();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(probes, 0);
  });

  it('with Node\'s timers: long cooldowns and re-probes never keep a process alive', () => {
    const poolUrl = new URL('../../../src/gateway/pool/key-pool.ts', import.meta.url).href;
    const script = `
      import { KeyPool } from ${JSON.stringify(poolUrl)};
      const keys = [0, 1].map((i) => ({ secret: 'sk-test-' + i, label: 'K' + i, maxInFlight: null, requestsPerMinute: null, tokensPerMinute: null }));
      const pool = new KeyPool({ upstream: 'u', keys, limits: { maxInFlight: 1, cooldownMs: 1, reprobeMs: 600000 }, rateHeaders: [], probe: async () => null });
      const d = { category: 'key_invalid', provider: 'openai', retryable: false, retryAfterMs: null, title: 't', cause: 'c', fixes: [], evidence: [] };
      pool.release(pool.acquire(1), { kind: 'disable', diagnosis: d });
      pool.release(pool.acquire(1), { kind: 'cooldown', until: Date.now() + 600000, diagnosis: d });
      console.log('set');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(child.signal, null, 'the process exited by itself');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'set');
  });

  it('a lease given back twice counts once; a lease from another pool is refused with the fix', () => {
    const clock = new FakeClock();
    const pool = makePool(clock, { keys: keyConfigs(1, { maxInFlight: 2 }) });
    const held = lease(pool.acquire(1));
    lease(pool.acquire(1));
    pool.release(held, { kind: 'neutral' });
    pool.release(held, { kind: 'neutral' });
    assert.equal(pool.snapshot()[0]!.inFlight, 1);
    const other = makePool(clock, { upstream: 'anthropic' });
    assert.throws(() => other.release(held, { kind: 'neutral' }), /given back to the pool of "anthropic".*release each lease to the pool that gave it/);
  });

  it('snapshots and leases never show a secret', () => {
    const clock = new FakeClock();
    const pool = makePool(clock, { keys: keyConfigs(3) });
    const held = lease(pool.acquire(100));
    assert.equal(lease(pool.acquire(1)).secret, secretOf(1), 'the engine gets the secret itself');
    pool.release(lease(pool.acquire(1)), { kind: 'disable', diagnosis: diagnosis('key_invalid') });
    const snapshot = pool.snapshot();
    const text = JSON.stringify(snapshot) + inspect(snapshot, { depth: 10 }) + JSON.stringify(held) + inspect(held);
    for (let index = 0; index < 3; index++) {
      assert.ok(!text.includes(secretOf(index)), `secret ${index} is shown`);
      assert.ok(!text.includes(secretOf(index).slice(8, 28)), `part of secret ${index} is shown`);
    }
    assert.equal(held.secret, secretOf(0));
    assert.deepEqual(snapshot.map((key) => key.masked), [0, 1, 2].map((index) => `sk-proj-…${secretOf(index).slice(-4)}`));
    assert.match(snapshot[0]!.fingerprint, /^[0-9a-f]{6}$/);
    assert.equal(snapshot[0]!.label, 'OPENAI_API_KEY_1');
  });
});
