import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../module-worker.js';
import type { GatewayStore, UsageRow } from './types.js';

export interface UsageThreadData {
  dataDir: string;
  /** How long a batch the store refused waits before it is tried again. */
  retryMs: number;
}

export type UsageThreadRequest = { kind: 'rows'; rows: readonly UsageRow[] } | { kind: 'close' };

export type UsageThreadReply =
  | { kind: 'error'; message: string; code: string | null }
  | { kind: 'closed'; droppedRows: number; pendingRows: number };

/**
 * The thread's heap. It holds a few batches at a time, and V8's default young generation alone added about 10 MB
 * to the gateway's RSS under load; a thread that outgrows this stops, and the request thread takes over.
 */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 64 };

/** A failure the usage thread reported: the store refused a batch, or the thread itself stopped. */
export class UsageThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'UsageThreadError';
  }
}

/**
 * Writes usage batches on a worker thread with its own connection to the store, so SQLite's inserts, commits
 * and checkpoints (an fsync) never hold up a request. A batch handed over is written in one transaction, as
 * the store's own `appendUsage` would; a batch the store refuses is kept and retried there. Should the thread
 * stop, later batches are written here, through `fallback`, so no row is lost to a dead thread.
 */
export class UsageThread implements Pick<GatewayStore, 'appendUsage'> {
  private worker: Worker | null;
  private readonly stopped: Promise<void>;

  constructor(
    data: UsageThreadData,
    private readonly fallback: Pick<GatewayStore, 'appendUsage'>,
    onError: (error: Error) => void,
  ) {
    const worker = startModuleWorker(import.meta.url, 'usage-thread-worker', { workerData: data, resourceLimits: THREAD_HEAP });
    this.worker = worker;
    worker.on('message', (message: UsageThreadReply) => {
      if (message.kind === 'error') onError(new UsageThreadError(message.message, message.code));
      else if (message.pendingRows > 0 || message.droppedRows > 0)
        onError(new UsageThreadError(`usage rows not written when the gateway stopped: ${message.pendingRows + message.droppedRows}`, null));
    });
    worker.on('error', (error) => onError(error));
    this.stopped = new Promise((resolve) =>
      worker.once('exit', () => {
        this.worker = null;
        resolve();
      }),
    );
    // The thread never keeps the process alive on its own, until close() waits for it.
    worker.unref();
  }

  appendUsage(rows: readonly UsageRow[]): void {
    if (this.worker === null) return this.fallback.appendUsage(rows);
    this.worker.postMessage({ kind: 'rows', rows } satisfies UsageThreadRequest);
  }

  /** Has the thread write what it holds and stop; later batches go to `fallback`. */
  close(): Promise<void> {
    this.worker?.ref();
    this.worker?.postMessage({ kind: 'close' } satisfies UsageThreadRequest);
    return this.stopped;
  }
}
