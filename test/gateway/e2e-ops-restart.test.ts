import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClientKey } from './support/ops-admin.js';
import { detailsOf, sdkCall, tokensOf } from './support/ops-callers.js';
import { newAdminToken, oneOpenaiUpstream, startOpsRig, type OpsRig } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';

/**
 * Budgets are counted from the store plus what finished since it was read, so closing the gateway and
 * starting another on the same data folder keeps every token spent: a spent budget stays spent, and a
 * budget with room left has exactly that room.
 */
describe('e2e ops: token budgets survive a restart', () => {
  let rig: OpsRig;
  const token = newAdminToken();

  before(async () => {
    rig = await startOpsRig({ upstreams: oneOpenaiUpstream, operations: { adminToken: token } });
  });
  after(() => rig?.close());

  const keyIds: string[] = [];
  const rowsOf = (id: string) =>
    rig.gateway.store
      .usageRows({ clientKeyId: id, limit: 100 })
      .map((row) => ({ status: row.status, tokens: row.inputTokens + row.outputTokens }))
      .sort((a, b) => a.status - b.status);

  /** One call with `key`: the tokens it used, or the budget details of its refusal. */
  async function spend(key: string): Promise<{ served: true; tokens: number } | { served: false; used: unknown; reason: unknown }> {
    const call = await sdkCall('openai', rig.gateway.url, key);
    if (call.outcome.ok) {
      const tokens = tokensOf(call.outcome);
      assert.ok(tokens !== null && tokens > 0, 'the answer reports its usage');
      return { served: true, tokens };
    }
    assert.equal(call.outcome.status, 429, `refused for its budget: ${call.outcome.message}`);
    const details = detailsOf(call);
    return { served: false, used: details?.used, reason: details?.reason };
  }

  it('a spent budget stays spent, and a budget with room keeps exactly that room, across restarts', { timeout: 20_000 }, async () => {
    const spentKey = await createClientKey(rig.gateway.url, token, { budget_tokens: 1, budget_period: 'total' });
    await waitUntil('client keys are required', () => (rig.gateway.clientKeysRequired() ? true : undefined));
    const first = await spend(spentKey.key);
    assert.ok(first.served);
    // The mock answers the same question with the same usage: a request costs `cost` tokens every time
    const cost = first.tokens;
    const roomKey = await createClientKey(rig.gateway.url, token, { budget_tokens: cost + 1, budget_period: 'month' });
    assert.deepEqual(await spend(roomKey.key), { served: true, tokens: cost });
    assert.deepEqual(await spend(spentKey.key), { served: false, used: cost, reason: 'budget' });

    await rig.restartGateway();
    assert.ok(rig.gateway.clientKeysRequired(), 'the new gateway requires client keys from its start');
    assert.deepEqual(await spend(spentKey.key), { served: false, used: cost, reason: 'budget' }, 'still spent after a restart');
    // `cost` of `cost + 1` used: one more request fits, then the budget is spent
    assert.deepEqual(await spend(roomKey.key), { served: true, tokens: cost }, 'the room left is what the store says');
    assert.deepEqual(await spend(roomKey.key), { served: false, used: 2 * cost, reason: 'budget' });

    await rig.restartGateway();
    assert.deepEqual(await spend(roomKey.key), { served: false, used: 2 * cost, reason: 'budget' }, 'both requests counted after a second restart');

    // Every request is a usage row in the store: the served ones with their tokens, the refused ones with none
    await rig.restartGateway();
    assert.deepEqual(rowsOf(spentKey.id).filter((row) => row.status === 200), [{ status: 200, tokens: cost }]);
    assert.deepEqual(rowsOf(roomKey.id).filter((row) => row.status === 200), [{ status: 200, tokens: cost }, { status: 200, tokens: cost }]);
    const refused = rig.gateway.store.usageRows({ limit: 100 }).filter((row) => row.status === 429);
    assert.equal(refused.length, 4, 'the four refusals are rows too');
    assert.ok(refused.every((row) => row.inputTokens + row.outputTokens === 0 && row.upstream === null));
    keyIds.push(spentKey.id, roomKey.id);
  });

  it('a refusal of a known key is counted as that key\'s request', () => {
    assert.equal(keyIds.length, 2, 'the test above ran');
    const refusedOf = (id: string) => rowsOf(id).filter((row) => row.status === 429).length;
    assert.deepEqual(keyIds.map(refusedOf), [2, 2]);
  });
});
