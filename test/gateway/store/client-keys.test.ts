import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientKey, DAY, HOUR, NOON, withStore } from './support/store-fixtures.js';

describe('client keys in the store', () => {
  it('a key comes back whole, by hash and by id, its lists and labels included', () => {
    withStore((store) => {
      const key = clientKey({
        id: 'ck_full',
        name: 'billing service',
        models: ['gpt-4o-mini', 'fast'],
        requestsPerMinute: 60,
        maxConcurrent: 4,
        budgetTokens: 1_000_000,
        budgetPeriod: 'month',
        expiresAt: NOON + 30 * DAY,
        metadata: { team: 'payments', owner: 'ana@example.com', 'emoji ✓': 'yes "quoted"' },
      });
      store.insertClientKey(key);
      assert.deepEqual(store.clientKeyByHash(key.hash), key);
      assert.deepEqual(store.clientKeyById('ck_full'), key);
      assert.equal(store.clientKeyByHash('0'.repeat(64)), null);
      assert.equal(store.clientKeyById('ck_none'), null);
    });
  });

  it('an empty model list stays empty, distinct from "any model"', () => {
    withStore((store) => {
      store.insertClientKey(clientKey({ id: 'ck_none_allowed', models: [] }));
      store.insertClientKey(clientKey({ id: 'ck_any', models: null }));
      assert.deepEqual(store.clientKeyById('ck_none_allowed')?.models, []);
      assert.equal(store.clientKeyById('ck_any')?.models, null);
    });
  });

  it('refuses a second key with the same hash or id', () => {
    withStore((store) => {
      store.insertClientKey(clientKey({ id: 'ck_a', hash: 'a'.repeat(64) }));
      assert.throws(() => store.insertClientKey(clientKey({ id: 'ck_b', hash: 'a'.repeat(64) })), /UNIQUE/);
      assert.throws(() => store.insertClientKey(clientKey({ id: 'ck_a', hash: 'b'.repeat(64) })), /UNIQUE|PRIMARY/);
      assert.equal(store.listClientKeys({ includeRevoked: true }).length, 1);
    });
  });

  it('revoking marks the key and names its replacement; a second revocation keeps the first', () => {
    withStore((store) => {
      store.insertClientKey(clientKey({ id: 'ck_old', createdAt: NOON }));
      store.insertClientKey(clientKey({ id: 'ck_new', createdAt: NOON + 1 }));
      assert.equal(store.revokeClientKey('ck_old', NOON + HOUR, 'ck_new'), true);
      assert.equal(store.revokeClientKey('ck_missing', NOON + HOUR), false);
      assert.equal(store.revokeClientKey('ck_old', NOON + 2 * HOUR, null), true);

      const old = store.clientKeyById('ck_old');
      assert.equal(old?.revokedAt, NOON + HOUR);
      assert.equal(old?.replacedBy, 'ck_new');
      assert.deepEqual(store.listClientKeys().map((key) => key.id), ['ck_new']);
      assert.deepEqual(store.listClientKeys({ includeRevoked: true }).map((key) => key.id), ['ck_old', 'ck_new']);
    });
  });

  it('without a replacement a revoked key names none', () => {
    withStore((store) => {
      store.insertClientKey(clientKey({ id: 'ck_gone' }));
      assert.equal(store.revokeClientKey('ck_gone', NOON + HOUR), true);
      assert.equal(store.clientKeyById('ck_gone')?.replacedBy, null);
      assert.equal(store.clientKeyById('ck_gone')?.revokedAt, NOON + HOUR);
    });
  });

  it('hasIssuedClientKeys: false on an empty store, true once a key exists, still true when every key is revoked or expired', () => {
    withStore((store) => {
      assert.equal(store.hasIssuedClientKeys(), false, 'no keys at all');
      store.insertClientKey(clientKey({ id: 'ck_expiring', expiresAt: NOON + HOUR }));
      assert.equal(store.hasIssuedClientKeys(), true);
      store.revokeClientKey('ck_expiring', NOON);
      assert.equal(store.hasIssuedClientKeys(), true, 'a revoked key keeps the gateway closed');
    });
  });
});
