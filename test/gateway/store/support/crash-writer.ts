// Appends usage in batches until it is killed. Each batch is `rowsPerBatch` rows sharing one batch id (in
// `route`); stdout says `begin <id>` before a batch's transaction and `committed <id>` once it returned.
import { openSqliteStore } from '../../../../src/gateway/store/sqlite-store.js';
import type { UsageRow } from '../../../../src/gateway/store/types.js';

const [dataDir, round, rowsArg] = process.argv.slice(2);
if (dataDir === undefined || round === undefined || rowsArg === undefined) throw new Error('usage: crash-writer.ts <dataDir> <round> <rowsPerBatch>');
const rowsPerBatch = Number(rowsArg);
const store = openSqliteStore(dataDir);
const pause = new Int32Array(new SharedArrayBuffer(4));

// Pipes are synchronous on Linux: a line written here reaches the parent even if a SIGKILL follows at once.
const say = (line: string): void => void process.stdout.write(`${line}\n`);

say('ready');
for (let batch = 1; ; batch++) {
  const batchId = `${round}-${batch}`;
  const rows: UsageRow[] = Array.from({ length: rowsPerBatch }, (_, i) => ({
    time: Date.now(),
    requestId: `${batchId}-${i}`,
    clientKeyId: `ck_${round}`,
    route: batchId,
    operation: 'chat',
    modelAsked: 'gpt-4o-mini',
    modelServed: 'gpt-4o-mini',
    upstream: 'openai',
    keyFingerprint: '3f9c1e',
    inputTokens: i,
    outputTokens: 1,
    attempts: 1,
    latencyMs: 10,
    ttftMs: null,
    status: 200,
    streamed: false,
    resumed: false,
    answerId: null,
    categories: '',
  }));
  say(`begin ${batchId}`);
  store.appendUsage(rows);
  say(`committed ${batchId}`);
  // A breath between batches, as the recorder's timer gives: the other process gets the write lock too.
  Atomics.wait(pause, 0, 0, 20);
}
