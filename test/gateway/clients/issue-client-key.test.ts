import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashClientKey } from '../../../src/gateway/clients/client-key-format.js';
import { issueClientKey, rotateClientKey } from '../../../src/gateway/clients/issue-client-key.js';
import { openSqliteStore } from '../../../src/gateway/store/sqlite-store.js';
import type { GatewayStore } from '../../../src/gateway/store/types.js';
import { tempFolder } from '../store/support/store-fixtures.js';
import { MemoryStore } from './memory-store.js';

const NOW = 1_750_000_000_000;

describe('issueClientKey', () => {
  it('returns the whole key once and stores only its hash and masked form', () => {
    const store = new MemoryStore();
    const { key, record } = issueClientKey(store, { name: 'billing', models: ['smart'], requestsPerMinute: 60, metadata: { team: 'pay' } }, NOW);
    assert.match(key, /^llmd_[0-9A-Za-z]{40}$/);
    assert.match(record.id, /^ck_[0-9A-Za-z]{16}$/);
    assert.equal(record.hash, hashClientKey(key));
    assert.equal(record.masked, `llmd_…${key.slice(-4)}`);
    assert.deepEqual(store.clientKeyById(record.id), record);
    assert.ok(!JSON.stringify([...store.keys.values()]).includes(key), 'the whole key is not stored');
    assert.ok(!JSON.stringify(record).includes(key.slice(5, -4)));
  });

  it('fills what the spec omits: no limits, a monthly budget period, no expiry', () => {
    const store = new MemoryStore();
    const { record } = issueClientKey(store, {}, NOW);
    assert.deepEqual(
      { ...record, id: '', hash: '', masked: '' },
      { id: '', hash: '', masked: '', name: null, models: null, requestsPerMinute: null, maxConcurrent: null, budgetTokens: null, budgetPeriod: 'month', expiresAt: null, metadata: {}, createdAt: NOW, revokedAt: null, replacedBy: null },
    );
  });

  it('copies the spec, so a later change of the caller\'s arrays does not reach the record', () => {
    const models = ['smart'];
    const { record } = issueClientKey(new MemoryStore(), { models }, NOW);
    models.push('everything');
    assert.deepEqual(record.models, ['smart']);
  });
});

describe('rotateClientKey', () => {
  it('issues a new key with the same settings and revokes the old one, naming its replacement', () => {
    const store = new MemoryStore();
    const spec = { name: 'svc', models: ['a', 'b'], requestsPerMinute: 10, maxConcurrent: 2, budgetTokens: 1000, budgetPeriod: 'week' as const, expiresAt: NOW + 86_400_000, metadata: { owner: 'ana' } };
    const old = issueClientKey(store, spec, NOW);
    const rotated = rotateClientKey(store, old.record.id, NOW + 5_000);
    assert.ok(rotated);
    assert.notEqual(rotated.key, old.key);
    assert.notEqual(rotated.record.id, old.record.id);
    assert.equal(rotated.record.hash, hashClientKey(rotated.key));
    assert.equal(rotated.record.createdAt, NOW + 5_000);
    const { id: _id, hash: _hash, masked: _masked, createdAt: _created, ...settings } = rotated.record;
    assert.deepEqual(settings, { ...spec, revokedAt: null, replacedBy: null });
    const revoked = store.clientKeyById(old.record.id);
    assert.equal(revoked?.revokedAt, NOW + 5_000);
    assert.equal(revoked?.replacedBy, rotated.record.id);
  });

  it('returns null for an unknown or already revoked key', () => {
    const store = new MemoryStore();
    assert.equal(rotateClientKey(store, 'ck_nope', NOW), null);
    const { record } = issueClientKey(store, {}, NOW);
    assert.ok(rotateClientKey(store, record.id, NOW));
    assert.equal(rotateClientKey(store, record.id, NOW), null, 'rotated once: revoked');
    assert.equal(store.keys.size, 2);
  });

  it('in the SQLite store, a revocation that fails takes the new key back with it: both or neither', () => {
    const store = openSqliteStore(tempFolder());
    try {
      const old = issueClientKey(store, { name: 'svc' }, NOW);
      const failing: GatewayStore = Object.create(store, {
        revokeClientKey: {
          value: () => {
            throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
          },
        },
      });
      assert.throws(() => rotateClientKey(failing, old.record.id, NOW + 5_000), /database is locked/);
      assert.deepEqual(
        store.listClientKeys({ includeRevoked: true }).map((key) => [key.id, key.revokedAt]),
        [[old.record.id, null]],
        'no new key beside the old one, which stays in use',
      );
    } finally {
      store.close();
    }
  });
});
