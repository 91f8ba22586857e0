import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fingerprint } from '../../src/core/redact.js';
import type { ScenarioName } from '../../src/core/scenarios.js';
import type { KeySnapshot } from '../../src/gateway/pool/key-pool.js';
import { expectAnswer, expectRefusal, type Answer } from './support/call-outcome.js';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';
import { inParallel } from './support/in-parallel.js';
import { startKeySwitch, type KeySwitch } from './support/key-switch.js';
import { attemptsWith, outcomes } from './support/mock-attempts.js';
import { OPENAI_SDK } from './support/openai-calls.js';
import { RecordLog } from './support/record-log.js';

const MODEL = OPENAI_SDK.model;
/** The mock's rate-limited key says `retry-after: 1`. */
const RATE_LIMIT_REST_MS = 1_000;

function healthOf(snapshot: KeySnapshot[], label: string): KeySnapshot['health'] {
  const key = snapshot.find((entry) => entry.label === label);
  assert.ok(key, `no key labelled ${label} in the snapshot`);
  return key.health;
}

describe('key pool: one upstream whose keys fail in different ways', () => {
  /** In the order the pool tries them first: every faulty key comes before the healthy ones. */
  const ROLES = ['key_invalid', 'billing', 'rate_limited', 'quota_exceeded', 'permission_denied', 'healthy-1', 'healthy-2'] as const;
  type Role = (typeof ROLES)[number];
  const REFUSED: Role[] = ['key_invalid', 'billing', 'permission_denied'];
  let rig: Rig;
  const log = new RecordLog();
  const keys = {} as Record<Role, string>;
  const labelOf = (role: Role) => `pool.keys[${ROLES.indexOf(role)}]`;
  let deadKeys: string[] = [];
  let expected: Answer;

  before(async () => {
    rig = await startRig(
      (mock) => {
        for (const role of ROLES) keys[role] = role.startsWith('healthy') ? mock.issueKey('openai') : mock.issueKey('openai', role as ScenarioName);
        deadKeys = [mock.issueKey('openai', 'key_invalid'), mock.issueKey('openai', 'billing')];
        return gatewayConfig(
          mock,
          [
            { name: 'pool', provider: 'openai', keys: ROLES.map((role) => keys[role]) },
            { name: 'dead', provider: 'openai', keys: deadKeys },
          ],
          [
            { model: 'pooled', targets: [{ upstream: 'pool', model: MODEL }] },
            { model: 'all-refused', targets: [{ upstream: 'dead', model: MODEL }] },
          ],
        );
      },
      { onRecord: log.onRecord },
    );
    expected = expectAnswer(await OPENAI_SDK.direct(rig.mock, rig.mock.issueKey('openai'))(MODEL, 'plain'), 'direct call');
  });

  after(() => rig?.close());

  it('50 requests all succeed; each refused key is tried once, then never again; the rate-limited key rests', async () => {
    const call = OPENAI_SDK.throughGateway(rig.gateway.url);
    // The first request meets every faulty key in turn (the pool takes keys in turn) and is served by a healthy one
    const first = expectAnswer(await call('pooled', 'plain'), 'first request');
    const firstDone = Date.now();
    assert.equal(first.headers['x-llmdoctor-attempts'], '6', 'five faulty keys, then a healthy one');
    assert.equal(first.headers['x-llmdoctor-upstream'], 'pool');
    const record = await log.waitFor(first.headers['x-llmdoctor-request-id'] ?? null);
    assert.deepEqual(record.categories, ['key_invalid', 'billing', 'rate_limited', 'quota_exceeded', 'permission_denied']);

    const snapshot = rig.gateway.upstreams.get('pool')!.pool.snapshot();
    for (const role of REFUSED) {
      const health = healthOf(snapshot, labelOf(role));
      assert.equal(health.state, 'disabled', `${role}: out of rotation`);
      if (health.state === 'disabled') {
        assert.equal(health.diagnosis.category, role, `${role}: the diagnosis says why`);
        assert.ok(health.diagnosis.fixes.length > 0);
      }
    }
    const limited = healthOf(snapshot, labelOf('rate_limited'));
    assert.equal(limited.state, 'cooling');
    if (limited.state === 'cooling') {
      const hitAt = attemptsWith(rig.mock, keys.rate_limited)[0]!.time;
      assert.ok(Math.abs(limited.until - (hitAt + RATE_LIMIT_REST_MS)) < 200, `rests until the provider's retry-after: ${limited.until - hitAt} ms after the 429`);
      assert.match(limited.reason, /\S/);
    }
    const quota = healthOf(snapshot, labelOf('quota_exceeded'));
    assert.equal(quota.state, 'cooling');
    if (quota.state === 'cooling') assert.ok(quota.until - firstDone > 400_000, 'a daily quota rests until its reset (7 min 12 s), not a few ms');
    for (const role of ['healthy-1', 'healthy-2'] as const) assert.equal(healthOf(snapshot, labelOf(role)).state, 'healthy');

    // No key appears in the snapshot: masked forms and fingerprints only
    const json = JSON.stringify(snapshot);
    for (const role of ROLES) {
      assert.ok(!json.includes(keys[role]), `${role}'s key is in the snapshot`);
      const entry = snapshot.find((key) => key.label === labelOf(role))!;
      assert.equal(entry.fingerprint, fingerprint(keys[role]));
      assert.ok(entry.masked.length < 20 && keys[role].endsWith(entry.masked.slice(-4)));
    }

    const rest = await inParallel(49, 5, () => call('pooled', 'plain'));
    for (const [i, outcome] of rest.entries()) assert.equal(expectAnswer(outcome, `request ${i + 2}`).text, expected.text);
    const finishedAt = Date.now();

    for (const role of [...REFUSED, 'quota_exceeded'] as const) {
      assert.equal(attemptsWith(rig.mock, keys[role]).length, 1, `${role}: tried once, never again`);
    }
    const limitedAttempts = attemptsWith(rig.mock, keys.rate_limited);
    assert.ok(limitedAttempts.every((attempt) => attempt.outcome === 429));
    for (let i = 1; i < limitedAttempts.length; i++) {
      const gap = limitedAttempts[i]!.time - limitedAttempts[i - 1]!.time;
      assert.ok(gap >= RATE_LIMIT_REST_MS - 50, `the rate-limited key was tried again after ${gap} ms, before its rest ended`);
    }
    assert.ok(limitedAttempts.length <= 1 + Math.floor((finishedAt - limitedAttempts[0]!.time) / RATE_LIMIT_REST_MS));

    const healthy = [...attemptsWith(rig.mock, keys['healthy-1']), ...attemptsWith(rig.mock, keys['healthy-2'])];
    assert.equal(healthy.length, 50, 'every request was served once, by a healthy key');
    assert.ok(healthy.every((attempt) => attempt.outcome === 200));
    assert.ok(attemptsWith(rig.mock, keys['healthy-1']).length >= 15 && attemptsWith(rig.mock, keys['healthy-2']).length >= 15, 'the healthy keys share the load');
  });

  it('a pool whose every key is refused answers with an error that names the reason, and sends nothing upstream', async () => {
    const call = OPENAI_SDK.throughGateway(rig.gateway.url);
    // The first request meets both refusals: the last provider refusal is the answer
    const first = expectRefusal(await call('all-refused', 'plain'), 'first request');
    assert.equal(first.status, 429);
    assert.equal(first.llmdoctor?.category, 'billing');
    assert.equal(first.headers['x-llmdoctor-attempts'], '2');
    assert.deepEqual(deadKeys.map((key) => outcomes(attemptsWith(rig.mock, key))), [[401], [429]]);

    const second = expectRefusal(await call('all-refused', 'plain'), 'second request');
    assert.equal(second.headers['x-llmdoctor-attempts'], '0', 'no key left to try');
    assert.equal(second.headers['x-should-retry'], 'false');
    assert.equal(second.llmdoctor?.category, 'key_invalid');
    assert.match(second.message ?? '', /Every key of upstream dead is out of rotation/);
    assert.match(second.message ?? '', /The provider refused each of dead's keys: .+/);
    assert.equal(second.status, 503, 'nothing can serve: the service is unavailable until a key is fixed');
    assert.deepEqual(deadKeys.map((key) => attemptsWith(rig.mock, key).length), [1, 1], 'nothing more was sent upstream');
    for (const key of deadKeys) assert.ok(!JSON.stringify(second.llmdoctor).includes(key) && !(second.message ?? '').includes(key));
  });
});

describe('key pool: a disabled key is re-probed in the background and comes back when it works again', () => {
  const REPROBE_MS = 100;
  let rig: Rig;
  let keySwitch: KeySwitch;
  let recovering = '';
  let spare = '';
  /** What the provider sees instead of the recovering key while it is "revoked": a key it never issued. */
  let revoked = '';

  before(async () => {
    keySwitch = await startKeySwitch();
    rig = await startRig((mock) => {
      keySwitch.forwardTo(mock.url);
      recovering = mock.issueKey('openai');
      spare = mock.issueKey('openai');
      revoked = `${recovering.slice(0, -6)}REVOKD`;
      keySwitch.swap(recovering, revoked);
      const baseUrl = keySwitch.url + mock.baseUrls.openai.slice(mock.url.length);
      return gatewayConfig(mock, [{ name: 'flaky', provider: 'openai', keys: [recovering, spare], baseUrl }], [], {}, { keys: { reprobeMs: REPROBE_MS } });
    });
  });

  after(async () => {
    await rig?.close();
    await keySwitch?.close();
  });

  const healthNow = () => rig.gateway.upstreams.get('flaky')!.pool.snapshot()[0]!.health;

  async function waitForHealth(state: 'healthy' | 'disabled', timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (healthNow().state !== state) {
      if (Date.now() > deadline) assert.fail(`the key is still ${healthNow().state} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('refused: out of rotation and probed; working again: back in rotation', async () => {
    const call = OPENAI_SDK.throughGateway(rig.gateway.url);
    const first = expectAnswer(await call(MODEL, 'plain'), 'first request');
    assert.equal(first.headers['x-llmdoctor-attempts'], '2', 'the revoked key, then the spare');
    let health = healthNow();
    assert.equal(health.state, 'disabled');
    if (health.state === 'disabled') assert.equal(health.diagnosis.category, 'key_invalid');

    // Still refused: each probe finds it so, and it stays out
    await new Promise((resolve) => setTimeout(resolve, REPROBE_MS * 4));
    health = healthNow();
    assert.equal(health.state, 'disabled');
    if (health.state === 'disabled') assert.notEqual(health.lastProbe, null, 'probed in the background');
    const probes = attemptsWith(rig.mock, revoked).slice(1);
    assert.ok(probes.length >= 2, `probes seen: ${probes.length}`);
    assert.ok(probes.every((probe) => probe.method === 'GET' && probe.path === '/openai/v1/models' && probe.outcome === 401), JSON.stringify(probes));
    for (let i = 0; i < 3; i++) expectAnswer(await call(MODEL, 'plain'), 'while the key is out');
    assert.equal(attemptsWith(rig.mock, recovering).length, 0, 'no request used the refused key');

    // The provider accepts it again (billing fixed, key restored): the next probe brings it back
    keySwitch.swap(recovering, null);
    await waitForHealth('healthy', REPROBE_MS * 10);
    const [probe] = attemptsWith(rig.mock, recovering);
    assert.deepEqual([probe?.path, probe?.outcome], ['/openai/v1/models', 200]);
    for (let i = 0; i < 4; i++) expectAnswer(await call(MODEL, 'plain'), 'after the recovery');
    const served = attemptsWith(rig.mock, recovering).filter((attempt) => attempt.path === '/openai/v1/chat/completions');
    assert.equal(served.length, 2, 'the recovered key takes its turn again');
    assert.ok(served.every((attempt) => attempt.outcome === 200));
  });
});
