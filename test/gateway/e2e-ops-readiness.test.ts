import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminRequest } from './support/ops-admin.js';
import { MODEL_OF, sdkCall } from './support/ops-callers.js';
import { startOpsRig, type OpsRig } from './support/ops-rig.js';

interface ReadyCheck {
  name: string;
  ok: boolean;
  detail: string;
}

async function readyz(url: string): Promise<{ status: number; checks: Record<string, ReadyCheck> }> {
  const answer = await adminRequest(url, '/readyz', { token: null });
  const checks = (answer.json?.checks ?? []) as ReadyCheck[];
  return { status: answer.status, checks: Object.fromEntries(checks.map((check) => [check.name, check])) };
}

/**
 * /readyz: ready while the store takes writes and every route has a usable key. A route whose upstream
 * lost every key (the provider refused them: disabled, not merely cooling down) makes the gateway not ready.
 */
describe('e2e ops: /readyz', () => {
  let rig: OpsRig;

  before(async () => {
    rig = await startOpsRig({
      upstreams: (mock) => [
        { name: 'good', provider: 'openai', keys: [mock.issueKey('openai')] },
        // Both keys are refused by the provider on first use
        { name: 'doomed', provider: 'openai', keys: [mock.issueKey('openai', 'key_invalid'), mock.issueKey('openai', 'billing')] },
      ],
      routes: [
        { model: 'fine', targets: [{ upstream: 'good', model: MODEL_OF.openai }] },
        { model: 'broken', targets: [{ upstream: 'doomed', model: MODEL_OF.openai }] },
      ],
    });
  });
  after(() => rig?.close());

  it('200 while healthy; 503 once every key of a route\'s upstream is disabled, naming the route', async () => {
    const healthy = await readyz(rig.gateway.url);
    assert.equal(healthy.status, 200);
    assert.deepEqual(Object.keys(healthy.checks).sort(), ['route:broken', 'route:fine', 'store']);
    assert.ok(Object.values(healthy.checks).every((check) => check.ok));

    assert.ok((await sdkCall('openai', rig.gateway.url, null, 'plain', 'fine')).outcome.ok);
    const served = await readyz(rig.gateway.url);
    assert.equal(served.status, 200, 'a served request changes nothing');

    const refused = await sdkCall('openai', rig.gateway.url, null, 'plain', 'broken');
    assert.ok(!refused.outcome.ok, 'every key of the route is refused');
    const states = rig.gateway.upstreams.get('doomed')!.pool.snapshot().map((key) => key.health.state);
    assert.deepEqual(states, ['disabled', 'disabled']);

    const down = await readyz(rig.gateway.url);
    assert.equal(down.status, 503);
    assert.equal(down.checks['route:broken']?.ok, false);
    assert.match(down.checks['route:broken']?.detail ?? '', /no usable key: doomed 0 healthy, 0 cooling, 2 disabled of 2 keys/);
    assert.equal(down.checks['route:fine']?.ok, true);
    assert.equal(down.checks.store?.ok, true);
  });
});

describe('e2e ops: /readyz with keys cooling down', () => {
  let rig: OpsRig;

  before(async () => {
    rig = await startOpsRig({
      upstreams: (mock) => [{ name: 'busy', provider: 'openai', keys: [mock.issueKey('openai', 'rate_limited')] }],
      routes: [{ model: 'busy', targets: [{ upstream: 'busy', model: MODEL_OF.openai }] }],
      // One attempt: the refusal comes at once instead of after waiting for the key to rest
      policies: { maxAttempts: 1 },
    });
  });
  after(() => rig?.close());

  it('stays 200: a cooling key comes back by itself', async () => {
    const refused = await sdkCall('openai', rig.gateway.url, null, 'plain', 'busy');
    assert.ok(!refused.outcome.ok);
    assert.deepEqual(rig.gateway.upstreams.get('busy')!.pool.snapshot().map((key) => key.health.state), ['cooling']);
    const state = await readyz(rig.gateway.url);
    assert.equal(state.status, 200);
    assert.match(state.checks['route:busy']?.detail ?? '', /0 healthy, 1 cooling, 0 disabled of 1 keys/);
  });
});
