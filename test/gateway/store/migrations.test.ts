import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LATEST_VERSION, migrate, MIGRATIONS, schemaVersion, STORE_APPLICATION_ID, type Migration } from '../../../src/gateway/store/migrations.js';
import { openSqliteStore, STORE_FILE } from '../../../src/gateway/store/sqlite-store.js';
import { StoreOpenError } from '../../../src/gateway/store/store-open-error.js';
import { openStoreInChildrenAtOnce } from './support/open-store-as.js';
import { clientKey, NOON, tempFolder, usageRow } from './support/store-fixtures.js';

function tablesOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((row) => row.name);
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  it('a new folder gets every table, the ledger, our application id and WAL', () => {
    const dir = join(tempFolder(), 'data');
    const store = openSqliteStore(dir, { now: () => NOON });
    store.close();
    const file = join(dir, STORE_FILE);
    assert.deepEqual(tablesOf(file), ['client_keys', 'heartbeat', 'schema_migrations', 'usage']);
    const db = new Database(file, { readonly: true });
    try {
      assert.equal(db.pragma('application_id', { simple: true }), STORE_APPLICATION_ID);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      const ledger = db.prepare('SELECT version, applied_at AS appliedAt FROM schema_migrations ORDER BY version').all();
      assert.deepEqual(ledger, [
        { version: 1, appliedAt: NOON },
        { version: 2, appliedAt: NOON },
        { version: 3, appliedAt: NOON },
      ]);
      const indexes = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'usage' AND sql IS NOT NULL").all() as { name: string }[])
        .map((row) => row.name)
        .sort();
      assert.deepEqual(indexes, ['usage_by_answer_id', 'usage_by_client_key_time_tokens', 'usage_by_time']);
      const plan = db
        .prepare("EXPLAIN QUERY PLAN SELECT SUM(input_tokens + output_tokens) FROM usage WHERE client_key_id = 'ck' AND time >= 0")
        .all() as { detail: string }[];
      assert.match(plan.map((row) => row.detail).join(' '), /COVERING INDEX usage_by_client_key_time_tokens/, 'a budget is summed from the index alone');
      const maker = db.prepare("EXPLAIN QUERY PLAN SELECT upstream FROM usage WHERE answer_id = 'resp_1' AND upstream IS NOT NULL").all() as { detail: string }[];
      assert.match(maker.map((row) => row.detail).join(' '), /INDEX usage_by_answer_id/, 'a stored answer\'s maker is found by the index');
    } finally {
      db.close();
    }
  });

  it('reopening keeps the data and applies nothing twice', () => {
    const dir = tempFolder();
    const first = openSqliteStore(dir, { now: () => NOON });
    first.insertClientKey(clientKey({ id: 'ck_kept' }));
    first.appendUsage([usageRow({ requestId: 'req_kept', clientKeyId: 'ck_kept' })]);
    first.close();

    const second = openSqliteStore(dir, { now: () => NOON + 1000 });
    try {
      assert.equal(second.clientKeyById('ck_kept')?.id, 'ck_kept');
      assert.deepEqual(second.usageRows().map((row) => row.requestId), ['req_kept']);
    } finally {
      second.close();
    }
    const db = new Database(join(dir, STORE_FILE), { readonly: true });
    try {
      assert.deepEqual(db.prepare('SELECT version, applied_at AS appliedAt FROM schema_migrations').all(), [
        { version: 1, appliedAt: NOON },
        { version: 2, appliedAt: NOON },
        { version: 3, appliedAt: NOON },
      ]);
    } finally {
      db.close();
    }
  });

  it('processes opening a new store at the same moment all succeed, and each step is applied once', async () => {
    const dir = join(tempFolder(), 'shared');
    const outcomes = await openStoreInChildrenAtOnce(dir, 4);
    assert.deepEqual(outcomes, Array.from({ length: 4 }, () => ({ opened: true })));
    const db = new Database(join(dir, STORE_FILE), { readonly: true });
    try {
      assert.deepEqual(db.prepare('SELECT version FROM schema_migrations').all(), [{ version: 1 }, { version: 2 }, { version: 3 }]);
    } finally {
      db.close();
    }
  });

  it('a store at version 1 is brought to the latest with its rows, and budgets sum the same', () => {
    const dir = tempFolder();
    const file = join(dir, STORE_FILE);
    const old = new Database(file);
    try {
      migrate(old, file, () => NOON, MIGRATIONS.slice(0, 1));
      const insert = old.prepare(
        "INSERT INTO usage (time, request_id, client_key_id, operation, input_tokens, output_tokens, attempts, latency_ms, status, streamed, resumed, categories) VALUES (?, ?, ?, 'chat', ?, ?, 1, 5, 200, 0, 0, '')",
      );
      insert.run(NOON - 1000, 'r1', 'ck_a', 10, 5);
      insert.run(NOON, 'r2', 'ck_a', 7, 3);
      insert.run(NOON, 'r3', 'ck_b', 100, 100);
    } finally {
      old.close();
    }
    const store = openSqliteStore(dir, { now: () => NOON });
    try {
      assert.equal(store.tokensUsedSince('ck_a', 0), 25);
      assert.equal(store.tokensUsedSince('ck_a', NOON), 10);
      assert.equal(store.usageRows().length, 3);
      assert.deepEqual(store.usageRows().map((row) => row.answerId), [null, null, null], 'rows from before stored no answer');
    } finally {
      store.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      assert.equal(schemaVersion(db), LATEST_VERSION);
    } finally {
      db.close();
    }
  });

  it('a store a newer llmdoctor wrote is refused, named, and left as it was', () => {
    const dir = tempFolder();
    openSqliteStore(dir).close();
    const file = join(dir, STORE_FILE);
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', 0)").run(LATEST_VERSION + 1);
    db.close();

    assert.throws(
      () => openSqliteStore(dir),
      (error: unknown) =>
        error instanceof StoreOpenError &&
        error.path === file &&
        error.message.includes(file) &&
        error.message.includes(`store version ${LATEST_VERSION + 1}`) &&
        /newer llmdoctor/.test(error.message) &&
        /Upgrade llmdoctor/.test(error.message),
    );
    const after = new Database(file, { readonly: true });
    try {
      assert.equal(schemaVersion(after), LATEST_VERSION + 1);
    } finally {
      after.close();
    }
  });

  it('each step is one transaction: a failing step leaves the store at the previous whole version', () => {
    const file = join(tempFolder(), 'steps.sqlite');
    const db = new Database(file);
    const steps: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER) STRICT;' },
      { version: 2, name: 'two', sql: 'CREATE TABLE two (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1);' },
    ];
    try {
      assert.throws(() => migrate(db, file, () => NOON, steps), /no_such_table/);
      assert.equal(schemaVersion(db), 1);
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all();
      assert.deepEqual(tables, [{ name: 'one' }, { name: 'schema_migrations' }], 'table two was rolled back with its step');

      const fixed: Migration[] = [steps[0] as Migration, { version: 2, name: 'two', sql: 'CREATE TABLE two (x INTEGER) STRICT;' }];
      migrate(db, file, () => NOON, fixed);
      assert.equal(schemaVersion(db), 2);
      assert.deepEqual(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all(), [
        { version: 1, name: 'one' },
        { version: 2, name: 'two' },
      ]);
    } finally {
      db.close();
    }
  });
});
