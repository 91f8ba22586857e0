import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { STORE_FILE } from '../../src/gateway/store/sqlite-store.js';
import { adminRequest } from './support/ops-admin.js';
import { sdkCall } from './support/ops-callers.js';
import { newAdminToken, oneOpenaiUpstream, startOpsRig, type OpsRig } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';

/** Far below the store's 5 s wait for a write lock, far above a round trip on loopback. */
const LIVELY_MS = 2_000;

/**
 * `llmdoctor keys create` in another process, or a backup, may hold the store's write lock for a while. SQLite
 * waits for a lock synchronously: usage rows wait for it on their own thread, and what the request thread
 * writes (admin changes, the readiness heartbeat) waits a moment and gives up, so requests go on being answered.
 */
describe('e2e ops: a write lock held on the store does not hold up requests', () => {
  let rig: OpsRig;
  const token = newAdminToken();

  before(async () => {
    rig = await startOpsRig({ upstreams: oneOpenaiUpstream, operations: { adminToken: token } });
  });
  after(() => rig?.close());

  it('answers requests, /readyz and the admin API while the lock is held, and writes the rows once it is released', async () => {
    const holder = new Database(join(rig.config.operations.dataDir, STORE_FILE), { fileMustExist: true });
    try {
      holder.exec('BEGIN IMMEDIATE');
      assert.ok((await sdkCall('openai', rig.gateway.url, null)).outcome.ok);
      const started = Date.now();
      // The first row's batch goes to the store 50 ms after it and waits for the lock
      await sleep(200);
      assert.ok((await sdkCall('openai', rig.gateway.url, null)).outcome.ok);
      const ready = await adminRequest(rig.gateway.url, '/readyz', { token: null });
      const created = await adminRequest(rig.gateway.url, '/admin/keys', { method: 'POST', token, body: { name: 'while-locked' } });
      const tookMs = Date.now() - started;
      assert.ok(tookMs < LIVELY_MS, `the gateway stalled for ${tookMs} ms behind the store's lock`);

      assert.equal(ready.status, 503, 'a store that cannot take a write is not ready');
      assert.equal(created.status, 503);
      assert.equal(created.headers.get('retry-after'), '1');
      assert.deepEqual(Object.keys(created.json ?? {}), ['error']);
      const error = created.json?.error as { code: string; message: string };
      assert.equal(error.code, 'store_busy');
      assert.match(error.message, /locked by another process .* Nothing was changed: try again/);
      assert.equal(rig.gateway.store.usageRows({ limit: 10 }).length, 0, 'nothing written while the lock is held');
      holder.exec('COMMIT');
    } finally {
      holder.close();
    }
    await waitUntil('both rows written after the lock was released', () => (rig.gateway.store.usageRows({ limit: 10 }).length === 2 ? true : undefined), 10_000);
    assert.equal((await adminRequest(rig.gateway.url, '/readyz', { token: null })).status, 200);
    assert.equal((await adminRequest(rig.gateway.url, '/admin/keys', { method: 'POST', token, body: { name: 'after' } })).status, 201);
    assert.deepEqual(
      rig.gateway.store.listClientKeys().map((key) => key.name),
      ['after'],
      'the refused creation left nothing behind',
    );
  });
});
