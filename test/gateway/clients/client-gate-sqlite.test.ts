import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ClientGate } from '../../../src/gateway/clients/client-gate.js';
import { issueClientKey, rotateClientKey } from '../../../src/gateway/clients/issue-client-key.js';
import { openSqliteStore } from '../../../src/gateway/store/sqlite-store.js';
import { usageRow } from './memory-store.js';

const T0 = Date.UTC(2026, 0, 14, 10);

describe('ClientGate on the SQLite store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmdoctor-clients-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps budgets across a restart, sees a rotation made by another process, and never stores a whole key', () => {
    let time = T0;
    const cli = openSqliteStore(dataDir);
    const { key, record } = issueClientKey(cli, { budgetTokens: 1_000, budgetPeriod: 'day', models: ['smart'] }, T0 - 1_000);

    const first = openSqliteStore(dataDir);
    const gate = new ClientGate({ store: first, recheckMs: 1_000, now: () => time });
    const admitted = gate.admit(key, 'smart');
    assert.ok(admitted.ok && admitted.client);
    gate.release(admitted.client, 700);
    first.appendUsage([usageRow(record.id, time, 500, 200)]);
    first.close();

    const second = openSqliteStore(dataDir);
    const restarted = new ClientGate({ store: second, recheckMs: 1_000, now: () => time });
    const client = restarted.admit(key, 'smart');
    assert.ok(client.ok && client.client);
    restarted.release(client.client, 400);
    const denial = restarted.admit(key, 'smart');
    assert.ok(!denial.ok);
    assert.equal(denial.denial.reason, 'budget');
    assert.equal(denial.denial.details.used, 1_100);

    const rotated = rotateClientKey(cli, record.id, time);
    assert.ok(rotated);
    time += 1_000;
    const old = restarted.admit(key, 'smart');
    assert.ok(!old.ok);
    assert.equal(old.denial.reason, 'revoked');
    assert.equal(old.denial.details.replaced_by, rotated.record.id);
    assert.ok(restarted.admit(rotated.key, 'smart').ok, 'the new key has its own budget');
    second.close();
    cli.close();

    for (const file of readdirSync(dataDir)) {
      const bytes = readFileSync(join(dataDir, file)).toString('latin1');
      for (const whole of [key, rotated.key]) assert.ok(!bytes.includes(whole.slice(5)), `${file} holds a whole client key`);
    }
  });
});
