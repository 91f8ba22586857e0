import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from './sqlite-store.js';
import type { UsageThreadData, UsageThreadReply, UsageThreadRequest } from './usage-thread.js';
import { UsageRecorder } from './usage-recorder.js';

// The usage thread: its own connection to the store, one transaction per batch the request thread sends,
// batches the store refused kept and retried as the request thread's recorder would, and usage reports.
const { dataDir, retryMs } = workerData as UsageThreadData;
const port = parentPort;
if (port === null) throw new Error('usage-thread-worker runs only as a worker thread');
const reply = (message: UsageThreadReply): void => port.postMessage(message);

const store = openSqliteStore(dataDir);
const describe = (error: unknown) => ({ message: error instanceof Error ? error.message : String(error), code: (error as NodeJS.ErrnoException)?.code ?? null });
const recorder = new UsageRecorder(store, { batchSize: Number.MAX_SAFE_INTEGER, flushMs: retryMs }, (error) => reply({ kind: 'error', ...describe(error) }));

port.on('message', (message: UsageThreadRequest) => {
  if (message.kind === 'rows') {
    for (const row of message.rows) recorder.record(row);
    recorder.flush();
    return;
  }
  if (message.kind === 'summary') {
    try {
      reply({ kind: 'summary', id: message.id, rows: store.usageSummary(message.query) });
    } catch (error) {
      reply({ kind: 'summary-failed', id: message.id, ...describe(error) });
    }
    return;
  }
  recorder.close();
  store.close();
  reply({ kind: 'closed', droppedRows: recorder.droppedRows, pendingRows: recorder.pendingRows });
  port.close();
});
