import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { STORE_FILE } from '../../src/gateway/store/sqlite-store.js';
import { sdkCall } from './support/ops-callers.js';
import { startOpsRig, type OpsRig } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';

/** Far below the store's 5 s wait for a write lock, far above a round trip on loopback. */
const LIVELY_MS = 2_000;

/**
 * `llmdoctor keys create` in another process, or a backup, may hold the store's write lock for a while. Usage
 * rows wait for it (up to the store's busy timeout) on the usage thread; requests go on being answered.
 */
describe('e2e ops: a write lock held on the store does not hold up requests', () => {
  let rig: OpsRig;

  before(async () => {
    rig = await startOpsRig({ upstreams: (mock) => [{ name: 'openai', provider: 'openai', keys: [mock.issueKey('openai')] }] });
  });
  after(() => rig?.close());

  it('answers while the lock is held, and writes the rows once it is released', async () => {
    const holder = new Database(join(rig.config.operations.dataDir, STORE_FILE), { fileMustExist: true });
    try {
      holder.exec('BEGIN IMMEDIATE');
      assert.ok((await sdkCall('openai', rig.gateway.url, null)).outcome.ok);
      const started = Date.now();
      // The first row's batch goes to the store 50 ms after it and waits for the lock
      await sleep(200);
      assert.ok((await sdkCall('openai', rig.gateway.url, null)).outcome.ok);
      const tookMs = Date.now() - started;
      assert.ok(tookMs < LIVELY_MS, `the gateway stalled for ${tookMs} ms behind the store's lock`);
      assert.equal(rig.gateway.store.usageRows({ limit: 10 }).length, 0, 'nothing written while the lock is held');
      holder.exec('COMMIT');
    } finally {
      holder.close();
    }
    await waitUntil('both rows written after the lock was released', () => (rig.gateway.store.usageRows({ limit: 10 }).length === 2 ? true : undefined), 10_000);
  });
});
