import assert from 'node:assert/strict';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DEFAULTS } from '../../../src/core/defaults.js';
import { openSqliteStore, STORE_FILE } from '../../../src/gateway/store/sqlite-store.js';
import { StoreOpenError } from '../../../src/gateway/store/store-open-error.js';
import { openStoreInChild } from './support/open-store-as.js';
import { tempFolder, usageRow } from './support/store-fixtures.js';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

function isOpenError(path: string, pattern: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof StoreOpenError, `a StoreOpenError, not ${String(error)}`);
    assert.equal(error.path, path);
    assert.ok(error.message.includes(path), `the message names ${path}: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('the store on disk', () => {
  it('creates its folder (0700) and file (0600); the -wal and -shm files get the same mode', () => {
    const dir = join(tempFolder(), 'nested', 'data');
    const store = openSqliteStore(dir);
    try {
      store.appendUsage([usageRow()]);
      assert.equal(modeOf(dir), 0o700);
      assert.deepEqual(readdirSync(dir).sort(), [STORE_FILE, `${STORE_FILE}-shm`, `${STORE_FILE}-wal`]);
      for (const name of readdirSync(dir)) assert.equal(modeOf(join(dir, name)), 0o600, name);
      assert.equal(store.location, join(dir, STORE_FILE));
    } finally {
      store.close();
    }
  });

  it('close is idempotent, and a closed store is not writable', () => {
    const store = openSqliteStore(tempFolder());
    assert.equal(store.writable(), true);
    store.close();
    store.close();
    assert.equal(store.writable(), false);
  });

  it('writable() commits a heartbeat, and says false, after the wait it was opened with, while another process holds the write lock', () => {
    const dir = tempFolder();
    const store = openSqliteStore(dir, { now: () => 42, lockWaitMs: DEFAULTS.gateway.storeLockWaitMs });
    try {
      assert.equal(store.writable(), true);
      const reader = new Database(join(dir, STORE_FILE), { readonly: true });
      assert.deepEqual(reader.prepare('SELECT id, at FROM heartbeat').all(), [{ id: 1, at: 42 }]);
      const holder = new Database(join(dir, STORE_FILE), { timeout: 0 });
      holder.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      assert.equal(store.writable(), false);
      const waitedMs = Date.now() - started;
      assert.ok(waitedMs >= DEFAULTS.gateway.storeLockWaitMs - 50, `it waited for the lock before giving up (${waitedMs} ms)`);
      // Not the 5 s a store opened without lockWaitMs (the CLI's, the usage thread's) waits
      assert.ok(waitedMs < 2_000, `the write held the thread for ${waitedMs} ms`);
      holder.exec('ROLLBACK');
      holder.close();
      reader.close();
      assert.equal(store.writable(), true);
    } finally {
      store.close();
    }
  });

  it('a data folder path that is a file is refused, named', () => {
    const parent = tempFolder();
    const dir = join(parent, 'data');
    writeFileSync(dir, 'not a folder');
    assert.throws(() => openSqliteStore(dir), isOpenError(dir, /not a folder/));
    const below = join(dir, 'deeper');
    assert.throws(() => openSqliteStore(below), isOpenError(below, /not a folder/));
  });

  it('a folder this user cannot write is refused with what to fix', () => {
    const parent = tempFolder();
    chmodSync(parent, 0o755);
    const locked = join(parent, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const dir = join(locked, 'data');
    const outcome = openStoreInChild(dir);
    assert.equal(outcome.opened, false);
    assert.equal(outcome.name, 'StoreOpenError');
    assert.equal(outcome.path, dir);
    assert.match(outcome.message ?? '', /cannot be written \(EACCES\).*chmod u\+rwx.*another data folder/);
  });

  it("a store file this user may not read is refused, named", () => {
    const parent = tempFolder();
    chmodSync(parent, 0o777);
    const dir = join(parent, 'data');
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, STORE_FILE), '', { mode: 0o600 });
    chmodSync(join(dir, STORE_FILE), 0o400);
    const outcome = openStoreInChild(dir);
    assert.equal(outcome.opened, false);
    assert.equal(outcome.path, join(dir, STORE_FILE));
    assert.match(outcome.message ?? '', /cannot be opened for writing \(EACCES\)/);
  });

  it('a file that is not SQLite is refused as not a store or damaged, and left in place', () => {
    const dir = tempFolder();
    const file = join(dir, STORE_FILE);
    writeFileSync(file, Buffer.alloc(8192, 7));
    assert.throws(() => openSqliteStore(dir), isOpenError(file, /not an llmdoctor store or is damaged \(SQLITE_NOTADB\).*move it aside/));
    assert.equal(statSync(file).size, 8192);
  });

  it('a store whose schema page is damaged is refused as damaged', () => {
    const dir = tempFolder();
    openSqliteStore(dir).close();
    const file = join(dir, STORE_FILE);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(2000, 0x5a), 0, 2000, 100);
    closeSync(fd);
    assert.throws(() => openSqliteStore(dir), isOpenError(file, /damaged \(SQLITE_CORRUPT/));
  });

  it("another program's SQLite database is refused, and not migrated", () => {
    const dir = tempFolder();
    const file = join(dir, STORE_FILE);
    const other = new Database(file);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    assert.throws(() => openSqliteStore(dir), isOpenError(file, /another program/));
    const db = new Database(file, { readonly: true });
    try {
      assert.deepEqual(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all(), [{ name: 'notes' }]);
    } finally {
      db.close();
    }
  });
});
