import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSqliteStore, STORE_FILE } from '../../../src/gateway/store/sqlite-store.js';
import { clientKey, sha256, tempFolder, usageRow } from './support/store-fixtures.js';

const WRITER = fileURLToPath(new URL('./support/crash-writer.ts', import.meta.url));
const ROUNDS = 6;
// Big enough that a batch takes about 25 ms to write, longer than the kill's random delay (up to 15 ms)
const ROWS_PER_BATCH = 5000;

interface Round {
  begun: string[];
  committed: string[];
}

/**
 * Starts a writer, lets it commit a few batches, then kills it with SIGKILL a few milliseconds after it
 * began the next one (a batch takes tens of milliseconds): most kills land inside a transaction.
 */
async function killedWriterRound(dataDir: string, round: number, duringLoad: () => void): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(round), String(ROWS_PER_BATCH)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result: Round = { begun: [], committed: [] };
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let buffered = '';
  const killAfter = 3 + Math.floor(Math.random() * 5);
  const exited = once(child, 'exit');
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [word, id] = line.split(' ');
      if (word === 'begin' && id) {
        result.begun.push(id);
        if (result.committed.length === killAfter) setTimeout(() => child.kill('SIGKILL'), Math.random() * 15);
      }
      if (word === 'committed' && id) {
        result.committed.push(id);
        duringLoad();
      }
    }
  });
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, 'SIGKILL', `round ${round}: the writer was to be killed, it ended with ${code}: ${stderr}`);
  return result;
}

describe('the store survives a writer killed mid-load', () => {
  it('every committed batch is whole, nothing half-written remains, the file checks ok and reopens', { timeout: 120_000 }, async () => {
    const dir = tempFolder();
    openSqliteStore(dir).close();
    // This process uses the same file meanwhile, as the CLI does next to a running gateway.
    const neighbour = openSqliteStore(dir);
    const rounds: Round[] = [];
    let neighbourKeys = 0;
    const neighbourErrors: unknown[] = [];
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        rounds.push(
          await killedWriterRound(dir, round, () => {
            try {
              neighbour.insertClientKey(clientKey({ id: `ck_neighbour_${neighbourKeys + 1}`, hash: sha256(`neighbour ${neighbourKeys + 1}`) }));
              neighbourKeys += 1;
              neighbour.tokensUsedSince(`ck_${round}`, 0);
            } catch (error) {
              neighbourErrors.push(error);
            }
          }),
        );
      }
    } finally {
      neighbour.close();
    }

    assert.deepEqual(neighbourErrors, [], 'the other process read and wrote while the writer worked');
    const db = new Database(join(dir, STORE_FILE));
    let counts: Map<string, number>;
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const rows = db.prepare('SELECT route, COUNT(*) AS count FROM usage GROUP BY route').all() as { route: string; count: number }[];
      counts = new Map(rows.map((row) => [row.route, row.count]));
    } finally {
      db.close();
    }

    for (const [batchId, count] of counts) assert.equal(count, ROWS_PER_BATCH, `batch ${batchId} is whole`);
    let interrupted = 0;
    for (const [index, round] of rounds.entries()) {
      assert.ok(round.committed.length >= 3, `round ${index + 1} committed batches before it was killed`);
      for (const batchId of round.committed) assert.ok(counts.has(batchId), `batch ${batchId} was reported committed, so it is kept`);
      const last = round.begun[round.begun.length - 1];
      if (last !== undefined && !round.committed.includes(last) && !counts.has(last)) interrupted += 1;
      const written = [...counts.keys()].filter((id) => id.startsWith(`${index + 1}-`)).length;
      assert.ok(written >= round.committed.length && written <= round.begun.length, `round ${index + 1}: only begun batches, all committed ones`);
    }
    assert.ok(interrupted >= 1, `at least one kill landed inside a transaction (${interrupted} of ${ROUNDS})`);

    const reopened = openSqliteStore(dir);
    try {
      assert.equal(reopened.listClientKeys().length, neighbourKeys, 'every key the neighbour wrote meanwhile is there');
      reopened.appendUsage([usageRow({ requestId: 'after-the-crashes', route: 'after', time: Date.now() + 60_000 })]);
      assert.equal(reopened.usageRows({ limit: 1 })[0]?.requestId, 'after-the-crashes');
      assert.equal(reopened.writable(), true);
    } finally {
      reopened.close();
    }
  });
});
