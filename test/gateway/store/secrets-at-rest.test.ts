import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openSqliteStore, STORE_FILE } from '../../../src/gateway/store/sqlite-store.js';
import { clientKey, sha256, tempFolder, usageRow } from './support/store-fixtures.js';

const SECRET = 'llmd_S3cretClientKeyValue0123456789abcdefXYZ';

/** The bytes of the store and of its write-ahead log, as a backup or a stolen disk would have them. */
function storeBytes(dir: string): Buffer {
  const files = [STORE_FILE, `${STORE_FILE}-wal`].map((name) => join(dir, name)).filter((file) => existsSync(file));
  return Buffer.concat(files.map((file) => readFileSync(file)));
}

describe('secrets at rest', () => {
  it('the file holds the hash of a client key, never the key, before and after a checkpoint', () => {
    const dir = tempFolder();
    const store = openSqliteStore(dir);
    const hash = sha256(SECRET);
    try {
      store.insertClientKey(clientKey({ id: 'ck_secret', hash, masked: 'llmd_…XYZ', name: 'grep me' }));
      store.appendUsage([usageRow({ clientKeyId: 'ck_secret' })]);
      assert.equal(store.clientKeyByHash(hash)?.id, 'ck_secret');
      const live = storeBytes(dir);
      assert.ok(live.includes(hash), 'the grep finds what is stored (the hash)');
      assert.ok(live.includes('grep me'));
      assert.equal(live.includes(SECRET), false, 'the key itself is nowhere in the file or its log');
      assert.equal(live.includes(SECRET.slice(5, 30)), false, 'nor any long piece of it');
    } finally {
      store.close();
    }
    const checkpointed = readFileSync(join(dir, STORE_FILE));
    assert.ok(checkpointed.includes(hash));
    assert.equal(checkpointed.includes(SECRET), false);
  });
});
