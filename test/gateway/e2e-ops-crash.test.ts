import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { fingerprint } from '../../src/core/redact.js';
import { issueClientKey } from '../../src/gateway/clients/issue-client-key.js';
import { startGateway } from '../../src/gateway/start-gateway.js';
import { openSqliteStore, STORE_FILE } from '../../src/gateway/store/sqlite-store.js';
import type { UsageColumns } from '../../src/gateway/store/usage-columns.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { gatewayConfig } from './support/harness.js';
import { MODEL_OF, sdkCall } from './support/ops-callers.js';
import { spawnGateway, type GatewayProcess } from './support/ops-process.js';
import { waitUntil } from './support/ops-wait.js';

const WORKERS = 12;
/** Usage rows the killed gateway must have written before the kill (it writes batches of 5 every 20 ms). */
const ROWS_BEFORE_KILL = 60;
/** A request answered this long before the kill has its row: the gateway flushes every 20 ms. */
const FLUSHED_WITHIN_MS = 1_000;

function readRows(file: string): UsageColumns[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM usage ORDER BY id').all() as UsageColumns[];
  } finally {
    db.close();
  }
}

function integrity(file: string): string[] {
  const db = new Database(file, { fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((row) => row.integrity_check);
  } finally {
    db.close();
  }
}

/**
 * `llmdoctor gateway` as its own process, under load, killed with SIGKILL: the store it leaves is whole
 * (integrity ok, every row complete, no row twice), it lost at most what it had not flushed yet, and a
 * new gateway starts on it and adds to it.
 */
describe('e2e ops: the store survives a kill -9 of the gateway mid-load', () => {
  let mock: RunningMock;
  let home: string;
  let gateway: GatewayProcess | undefined;

  before(async () => {
    // Answers take a little while, so requests are in flight when the kill comes
    mock = await startMock({ port: 0, firstTokenMs: 15 });
    home = mkdtempSync(join(tmpdir(), 'llmdoctor-crash-'));
  });
  after(async () => {
    await gateway?.stop();
    await mock?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('integrity ok, rows whole, at most the last batch lost, and a new gateway starts on it', { timeout: 40_000 }, async () => {
    const dataDir = join(home, 'data');
    const upstreamKey = mock.issueKey('openai');
    const seeded = openSqliteStore(dataDir);
    const { key: clientKey, record } = issueClientKey(seeded, { name: 'load' });
    seeded.close();
    writeFileSync(
      join(home, 'gateway.yaml'),
      [
        'upstreams:',
        '  - name: openai',
        '    provider: openai',
        `    base_url: ${mock.baseUrls.openai}`,
        '    keys: [${UPSTREAM_KEY}]',
        `data_dir: ${dataDir}`,
        'log_level: silent',
        'usage: { batch_size: 5, flush_ms: 20ms }',
        '',
      ].join('\n'),
    );
    gateway = await spawnGateway(['--config', 'gateway.yaml', '--port', '0'], { cwd: home, env: { UPSTREAM_KEY: upstreamKey } });
    const url = gateway.url;

    const answered = new Map<string, number>();
    let stopped = false;
    const worker = async () => {
      while (!stopped) {
        try {
          const response = await fetch(`${url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}` },
            body: JSON.stringify({ model: MODEL_OF.openai, messages: [{ role: 'user', content: 'hi' }] }),
          });
          await response.text();
          if (response.status === 200) answered.set(response.headers.get('x-llmdoctor-request-id') ?? '', Date.now());
        } catch {
          // The gateway is gone: the load is over
          return;
        }
      }
    };
    const startedAt = Date.now();
    const load = Array.from({ length: WORKERS }, worker);
    const file = join(dataDir, STORE_FILE);
    await waitUntil(`${ROWS_BEFORE_KILL} usage rows written under load`, () => (Date.now() - startedAt > 1_200 && readRows(file).length >= ROWS_BEFORE_KILL ? true : undefined), 15_000, 50);

    const killedAt = Date.now();
    gateway.child.kill('SIGKILL');
    const ended = await gateway.exited;
    stopped = true;
    await Promise.all(load);
    assert.equal(ended.signal, 'SIGKILL', gateway.output());

    assert.deepEqual(integrity(file), ['ok']);
    const rows = readRows(file);
    assert.ok(rows.length >= ROWS_BEFORE_KILL, `${rows.length} rows`);
    assert.equal(new Set(rows.map((row) => row.request_id)).size, rows.length, 'no request is written twice');
    for (const row of rows) {
      // Whole: every column as the request left it
      assert.equal(row.status, 200);
      assert.equal(row.client_key_id, record.id);
      assert.equal(row.model_served, MODEL_OF.openai);
      assert.equal(row.upstream, 'openai');
      assert.equal(row.key_fingerprint, fingerprint(upstreamKey));
      assert.ok(row.input_tokens > 0 && row.output_tokens > 0 && row.attempts === 1 && row.latency_ms >= 0, JSON.stringify(row));
      assert.ok(row.time >= startedAt - 1_000 && row.time <= killedAt, 'written during the run');
    }
    // The gateway writes a request's row when the request ends, which may be just before its answer reached the client
    const written = new Set(rows.map((row) => row.request_id));
    const unknown = rows.filter((row) => !answered.has(row.request_id));
    assert.ok(unknown.length <= WORKERS, `${unknown.length} rows of requests no client saw answered`);
    const lost = [...answered].filter(([id, at]) => at < killedAt - FLUSHED_WITHIN_MS && !written.has(id));
    assert.deepEqual(lost, [], 'every request answered well before the kill has its row');

    // A new gateway starts on the same folder, serves, and appends
    const config = gatewayConfig(mock, [{ name: 'openai', provider: 'openai', keys: [upstreamKey] }]);
    rmSync(config.operations.dataDir, { recursive: true, force: true });
    const next = await startGateway({ config: { ...config, operations: { ...config.operations, dataDir } } });
    try {
      assert.ok(next.clientKeysRequired());
      const call = await sdkCall('openai', next.url, clientKey);
      assert.ok(call.outcome.ok, 'the new gateway serves with the key from before the crash');
    } finally {
      await next.close();
    }
    assert.deepEqual(integrity(file), ['ok']);
    assert.equal(readRows(file).length, rows.length + 1);
  });
});
