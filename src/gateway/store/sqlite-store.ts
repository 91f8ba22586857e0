import Database from 'better-sqlite3';
import type { AnswerMaker } from '../engine/answer-homes.js';
import { accessSync, closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { clientKeyColumns, clientKeyOf, type ClientKeyColumns } from './client-key-columns.js';
import { migrate, STORE_APPLICATION_ID } from './migrations.js';
import { fileNotUsable, folderNotUsable, foreignDatabase, StoreOpenError } from './store-open-error.js';
import type { ClientKeyRecord, GatewayStore, UncountedAnswer, UsageQuery, UsageRow, UsageSummaryRow } from './types.js';
import { USAGE_FIELDS, usageRowOfColumns, usageSummaryRowOf, usageValues, type UsageColumns, type UsageSummaryColumns } from './usage-columns.js';

export const STORE_FILE = 'gateway.sqlite';

/**
 * How long a statement waits for another connection's write lock (the CLI and a running gateway share the
 * file) before it fails: writes are small transactions, so a wait this long means a stuck process.
 */
const BUSY_TIMEOUT_MS = 5_000;

const DEFAULT_ROW_LIMIT = 100;

/**
 * WAL pages after which a commit also checkpoints. The checkpoint (copy and fsync) runs inside the commit, on
 * the event loop: at SQLite's 1,000 pages it held every request for about 15 ms every few seconds under load; at
 * 250 it holds them for about 6 ms, four times as often, for nearly the same total work (4% more per row).
 */
const CHECKPOINT_PAGES = 250;

/**
 * The connection's page cache, in KiB. better-sqlite3 builds SQLite with 16 MB, which a growing usage table fills:
 * appending 300,000 rows grew the process by 35 MB with it and by 18 MB with this. Appending touches only the
 * right edge of the table and of its indexes; reports read the rest from the system's file cache.
 */
const PAGE_CACHE_KIB = 2048;

export interface SqliteStoreOptions {
  /** The clock of migration and heartbeat stamps. */
  now?: () => number;
  /** How long a write waits for another connection's lock once the store is open (opening waits BUSY_TIMEOUT_MS). */
  lockWaitMs?: number;
}

/**
 * Opens (creating it if needed) the store `gateway.sqlite` in `dataDir`: the folder is private to its user
 * (0700) and the file too (0600), since it holds client key hashes and who asked for what.
 */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): GatewayStore {
  const now = options.now ?? Date.now;
  const dir = resolve(dataDir);
  const file = join(dir, STORE_FILE);
  prepareFolder(dir);
  prepareFile(file);
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw fileNotUsable(file, error);
  }
  try {
    refuseForeign(db, file);
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses no committed transaction when the process dies; only a power cut may lose the last ones.
    db.pragma('synchronous = NORMAL');
    db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    migrate(db, file, now);
    if (options.lockWaitMs !== undefined) db.pragma(`busy_timeout = ${Math.max(0, Math.round(options.lockWaitMs))}`);
    return new SqliteStore(db, file, now);
  } catch (error) {
    db.close();
    throw error instanceof StoreOpenError ? error : fileNotUsable(file, error);
  }
}

function prepareFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw folderNotUsable(dir, error);
  }
}

/** Creates the file with its mode before SQLite does (SQLite would use 0644); its -wal and -shm files copy that mode. */
function prepareFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw folderNotUsable(dirname(file), error);
  }
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw fileNotUsable(file, error);
  }
}

/**
 * Ours carry our application id; a new store is empty. Anything else belongs to another program. Both are
 * read in one snapshot: another process may be creating the store at this very moment.
 */
function refuseForeign(db: Database.Database, file: string): void {
  const { applicationId, tables } = db.prepare(
    "SELECT (SELECT application_id FROM pragma_application_id) AS applicationId, (SELECT COUNT(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%') AS tables",
  ).get() as { applicationId: number; tables: number };
  if (applicationId === STORE_APPLICATION_ID) return;
  if (applicationId !== 0 || tables > 0) throw foreignDatabase(file);
}

const CLIENT_KEY_FIELDS =
  'id, hash, masked, name, models, requests_per_minute, max_concurrent, budget_tokens, budget_period, expires_at, ' +
  'metadata, created_at, revoked_at, replaced_by';

const named = (fields: string): string => fields.split(', ').map((field) => `@${field}`).join(', ');

const SUMMARY_SELECT = `
  SELECT strftime('%Y-%m-%d', u.time / 1000, 'unixepoch') AS day,
         u.client_key_id AS client_key_id,
         k.name AS client_name,
         u.model_served AS model,
         COUNT(*) AS requests,
         SUM(u.status >= 400) AS failed,
         SUM(u.input_tokens) AS input_tokens,
         SUM(u.output_tokens) AS output_tokens,
         SUM(u.attempts) AS attempts,
         AVG(u.latency_ms) AS avg_latency_ms
  FROM usage u LEFT JOIN client_keys k ON k.id = u.client_key_id`;
const SUMMARY_GROUPS = 'GROUP BY day, u.client_key_id, u.model_served ORDER BY day, u.client_key_id, u.model_served';

/** Each query with and without a client filter: two plain statements use the indexes, one with `? IS NULL OR` would not. */
function prepareStatements(db: Database.Database) {
  return {
    insertClientKey: db.prepare<ClientKeyColumns>(`INSERT INTO client_keys (${CLIENT_KEY_FIELDS}) VALUES (${named(CLIENT_KEY_FIELDS)})`),
    clientKeyByHash: db.prepare<[string], ClientKeyColumns>(`SELECT ${CLIENT_KEY_FIELDS} FROM client_keys WHERE hash = ?`),
    clientKeyById: db.prepare<[string], ClientKeyColumns>(`SELECT ${CLIENT_KEY_FIELDS} FROM client_keys WHERE id = ?`),
    allClientKeys: db.prepare<[], ClientKeyColumns>(`SELECT ${CLIENT_KEY_FIELDS} FROM client_keys ORDER BY created_at, id`),
    unrevokedClientKeys: db.prepare<[], ClientKeyColumns>(
      `SELECT ${CLIENT_KEY_FIELDS} FROM client_keys WHERE revoked_at IS NULL ORDER BY created_at, id`,
    ),
    // A key revoked twice keeps its first revocation time and its replacement.
    revokeClientKey: db.prepare<{ id: string; at: number; replacedBy: string | null }>(
      'UPDATE client_keys SET revoked_at = COALESCE(revoked_at, @at), replaced_by = COALESCE(replaced_by, @replacedBy) WHERE id = @id',
    ),
    hasIssuedClientKeys: db.prepare<[], { issued: number }>('SELECT EXISTS (SELECT 1 FROM client_keys) AS issued'),
    insertUsage: db.prepare<unknown[]>(`INSERT INTO usage (${USAGE_FIELDS}) VALUES (${USAGE_FIELDS.split(', ').map(() => '?').join(', ')})`),
    tokensUsedSince: db.prepare<[string, number], { tokens: number }>(
      'SELECT COALESCE(SUM(input_tokens + output_tokens), 0) AS tokens FROM usage WHERE client_key_id = ? AND time >= ?',
    ),
    summary: db.prepare<Window, UsageSummaryColumns>(`${SUMMARY_SELECT} WHERE u.time >= @since AND u.time < @until ${SUMMARY_GROUPS}`),
    summaryOfClient: db.prepare<ClientWindow, UsageSummaryColumns>(
      `${SUMMARY_SELECT} WHERE u.client_key_id = @clientKeyId AND u.time >= @since AND u.time < @until ${SUMMARY_GROUPS}`,
    ),
    rows: db.prepare<Window & { limit: number }, UsageColumns>(
      `SELECT ${USAGE_FIELDS} FROM usage WHERE time >= @since AND time < @until ORDER BY time DESC, id DESC LIMIT @limit`,
    ),
    rowsOfClient: db.prepare<ClientWindow & { limit: number }, UsageColumns>(
      `SELECT ${USAGE_FIELDS} FROM usage WHERE client_key_id = @clientKeyId AND time >= @since AND time < @until ORDER BY time DESC, id DESC LIMIT @limit`,
    ),
    // The first row is the request that made it; later rows with its id counted its tokens when it was read
    answerMaker: db.prepare<{ answerId: string }, { upstream: string; key_fingerprint: string; client_key_id: string | null; model_served: string | null; tokens: number }>(
      `SELECT upstream, key_fingerprint, client_key_id, model_served,
         (SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM usage WHERE answer_id = @answerId) AS tokens
       FROM usage WHERE answer_id = @answerId AND upstream IS NOT NULL AND key_fingerprint IS NOT NULL ORDER BY id LIMIT 1`,
    ),
    // The row that made an uncounted answer counted nothing, and no row with its id counted anything since
    uncountedAnswers: db.prepare<{ since: number; limit: number }, { answer_id: string; upstream: string; key_fingerprint: string; client_key_id: string | null; time: number }>(
      `SELECT answer_id, upstream, key_fingerprint, client_key_id, time FROM usage AS made
       WHERE time >= @since AND answer_id IS NOT NULL AND upstream IS NOT NULL AND key_fingerprint IS NOT NULL AND input_tokens + output_tokens = 0
         AND id = (SELECT MIN(id) FROM usage WHERE answer_id = made.answer_id)
         AND NOT EXISTS (SELECT 1 FROM usage WHERE answer_id = made.answer_id AND input_tokens + output_tokens > 0)
       ORDER BY id LIMIT @limit`,
    ),
    heartbeat: db.prepare<[number]>('INSERT INTO heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at'),
  };
}

interface Window {
  since: number;
  until: number;
}

interface ClientWindow extends Window {
  clientKeyId: string;
}

/** `since` inclusive, `until` exclusive; both open when not given. */
function windowOf(query: UsageQuery): Window {
  return { since: query.since ?? 0, until: query.until ?? Number.MAX_SAFE_INTEGER };
}

class SqliteStore implements GatewayStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly appendAll: Database.Transaction<(rows: readonly UsageRow[]) => void>;

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
    private readonly now: () => number,
  ) {
    this.statements = prepareStatements(db);
    const insert = this.statements.insertUsage;
    this.appendAll = db.transaction((rows: readonly UsageRow[]) => {
      for (const row of rows) insert.run(usageValues(row));
    });
  }

  insertClientKey(key: ClientKeyRecord): void {
    this.statements.insertClientKey.run(clientKeyColumns(key));
  }

  clientKeyByHash(hash: string): ClientKeyRecord | null {
    const row = this.statements.clientKeyByHash.get(hash);
    return row === undefined ? null : clientKeyOf(row);
  }

  clientKeyById(id: string): ClientKeyRecord | null {
    const row = this.statements.clientKeyById.get(id);
    return row === undefined ? null : clientKeyOf(row);
  }

  listClientKeys(options: { includeRevoked?: boolean } = {}): ClientKeyRecord[] {
    const statement = options.includeRevoked ? this.statements.allClientKeys : this.statements.unrevokedClientKeys;
    return statement.all().map(clientKeyOf);
  }

  revokeClientKey(id: string, at: number, replacedBy: string | null = null): boolean {
    return this.statements.revokeClientKey.run({ id, at, replacedBy }).changes > 0;
  }

  hasIssuedClientKeys(): boolean {
    return this.statements.hasIssuedClientKeys.get()?.issued === 1;
  }

  atomically<T>(work: () => T): T {
    // IMMEDIATE: the write lock is taken before the work reads anything it then writes on
    return this.db.transaction(work).immediate();
  }

  appendUsage(rows: readonly UsageRow[]): void {
    if (rows.length === 0) return;
    // IMMEDIATE: the write lock is taken (waiting for the other process) before anything is read.
    this.appendAll.immediate(rows);
  }

  tokensUsedSince(clientKeyId: string, since: number): number {
    return this.statements.tokensUsedSince.get(clientKeyId, since)?.tokens ?? 0;
  }

  usageSummary(query: UsageQuery = {}): UsageSummaryRow[] {
    const window = windowOf(query);
    const rows =
      query.clientKeyId === undefined
        ? this.statements.summary.all(window)
        : this.statements.summaryOfClient.all({ ...window, clientKeyId: query.clientKeyId });
    return rows.map(usageSummaryRowOf);
  }

  /** Newest first; at most `limit` rows (100 unless said). */
  usageRows(query: UsageQuery & { limit?: number } = {}): UsageRow[] {
    const params = { ...windowOf(query), limit: query.limit ?? DEFAULT_ROW_LIMIT };
    const rows =
      query.clientKeyId === undefined
        ? this.statements.rows.all(params)
        : this.statements.rowsOfClient.all({ ...params, clientKeyId: query.clientKeyId });
    return rows.map(usageRowOfColumns);
  }

  answerMaker(answerId: string): AnswerMaker | null {
    const row = this.statements.answerMaker.get({ answerId });
    return row === undefined ? null : { upstream: row.upstream, keyFingerprint: row.key_fingerprint, clientKeyId: row.client_key_id, modelServed: row.model_served, tokensCounted: row.tokens };
  }

  uncountedAnswers(since: number, limit: number): UncountedAnswer[] {
    return this.statements.uncountedAnswers.all({ since, limit }).map((row) => ({
      answerId: row.answer_id,
      upstream: row.upstream,
      keyFingerprint: row.key_fingerprint,
      clientKeyId: row.client_key_id,
      madeAt: row.time,
    }));
  }

  /** A real committed write (a disk that is full or read-only fails it), one row overwritten each time. */
  writable(): boolean {
    if (!this.db.open) return false;
    try {
      this.statements.heartbeat.run(this.now());
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
