import type Database from 'better-sqlite3';
import { StoreOpenError } from './store-open-error.js';

/**
 * The store's schema, one numbered step at a time. A step is never edited once released: a change is a new
 * step. Each runs in its own write transaction at open, so a crash leaves the store at a whole version, and
 * two processes opening a fresh store at once (the CLI and a gateway) apply each step once.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `PRAGMA application_id` of every llmdoctor store ('llmd'): tells our file from any other SQLite file. */
export const STORE_APPLICATION_ID = 0x6c6c6d64;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'client keys, usage, heartbeat',
    sql: `
      PRAGMA application_id = ${STORE_APPLICATION_ID};

      CREATE TABLE client_keys (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        masked TEXT NOT NULL,
        name TEXT,
        models TEXT,
        requests_per_minute INTEGER,
        max_concurrent INTEGER,
        budget_tokens INTEGER,
        budget_period TEXT NOT NULL CHECK (budget_period IN ('day', 'week', 'month', 'total')),
        expires_at INTEGER,
        metadata TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        replaced_by TEXT
      ) STRICT;

      CREATE TABLE usage (
        id INTEGER PRIMARY KEY,
        time INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        client_key_id TEXT,
        route TEXT,
        operation TEXT NOT NULL,
        model_asked TEXT,
        model_served TEXT,
        upstream TEXT,
        key_fingerprint TEXT,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL,
        ttft_ms INTEGER,
        status INTEGER NOT NULL,
        streamed INTEGER NOT NULL,
        resumed INTEGER NOT NULL,
        categories TEXT NOT NULL
      ) STRICT;
      CREATE INDEX usage_by_client_key_time ON usage (client_key_id, time);
      CREATE INDEX usage_by_time ON usage (time);

      CREATE TABLE heartbeat (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    // A key's budget is summed at its first request after a start or a period rollover, on the request thread:
    // with the tokens in the index that sum reads no table rows (a million rows: 100 ms per key before, 4 ms after)
    name: 'client budgets summed from the index',
    sql: `
      CREATE INDEX usage_by_client_key_time_tokens ON usage (client_key_id, time, input_tokens, output_tokens);
      DROP INDEX usage_by_client_key_time;
    `,
  },
  {
    version: 3,
    // A request that names a stored answer after a restart finds its key here; most rows store none, and
    // the partial index holds only those that do
    name: 'stored answers and the key that made them',
    sql: `
      ALTER TABLE usage ADD COLUMN answer_id TEXT;
      CREATE INDEX usage_by_answer_id ON usage (answer_id) WHERE answer_id IS NOT NULL;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce((latest, migration) => Math.max(latest, migration.version), 0);

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`;

/** The highest version applied; 0 for a new store. */
export function schemaVersion(db: Database.Database): number {
  const ledger = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (ledger === undefined) return 0;
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

/** Brings the store at `file` to LATEST_VERSION; refuses a store a newer llmdoctor wrote. */
export function migrate(db: Database.Database, file: string, now: () => number, migrations: readonly Migration[] = MIGRATIONS): void {
  const latest = migrations.reduce((highest, migration) => Math.max(highest, migration.version), 0);
  refuseNewer(schemaVersion(db), latest, file);
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    // IMMEDIATE takes the write lock first, so the version read inside is the one this step builds on.
    db.transaction(() => {
      db.exec(CREATE_LEDGER);
      const current = schemaVersion(db);
      refuseNewer(current, latest, file);
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, now());
    }).immediate();
  }
}

function refuseNewer(current: number, latest: number, file: string): void {
  if (current <= latest) return;
  throw new StoreOpenError(
    file,
    `${file} was written by a newer llmdoctor (store version ${current}; this llmdoctor knows up to ${latest}). ` +
      'Upgrade llmdoctor to use it, or set another data folder (--data-dir, data_dir in the config, or LLMDOCTOR_DATA_DIR); downgrading a store is not supported.',
  );
}
