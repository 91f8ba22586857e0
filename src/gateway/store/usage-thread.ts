import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../module-worker.js';
import type { GatewayStore, UsageQuery, UsageRow, UsageSummaryRow } from './types.js';

export interface UsageThreadData {
  dataDir: string;
  /** How long a batch the store refused waits before it is tried again. */
  retryMs: number;
}

export type UsageThreadRequest =
  | { kind: 'rows'; rows: readonly UsageRow[] }
  | { kind: 'summary'; id: number; query: UsageQuery }
  | { kind: 'close' };

export type UsageThreadReply =
  | { kind: 'error'; message: string; code: string | null }
  | { kind: 'summary'; id: number; rows: UsageSummaryRow[] }
  | { kind: 'summary-failed'; id: number; message: string; code: string | null }
  | { kind: 'closed'; droppedRows: number; pendingRows: number };

/** What the request thread falls back on once the thread has stopped. */
export type UsageThreadFallback = Pick<GatewayStore, 'appendUsage' | 'usageSummary'>;

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
 * The store's usage work on a worker thread with its own connection, so that none of it holds up a request:
 * - usage batches: SQLite's inserts, commits and checkpoints (an fsync). A batch handed over is written in one
 *   transaction, as the store's own `appendUsage` would; a batch the store refuses is kept and retried there;
 * - usage reports: a month of a busy gateway's rows takes seconds to sum.
 * Should the thread stop, later work is done here, through `fallback`; the rows handed to it and not yet written
 * when it stopped are lost (it does not say which batches it has written).
 */
export class UsageThread implements Pick<GatewayStore, 'appendUsage'> {
  private worker: Worker | null;
  private readonly stopped: Promise<void>;
  private nextId = 1;
  private closing = false;
  private readonly waiting = new Map<number, { resolve: (rows: UsageSummaryRow[]) => void; reject: (error: Error) => void }>();

  constructor(
    data: UsageThreadData,
    private readonly fallback: UsageThreadFallback,
    onError: (error: Error) => void,
  ) {
    const worker = startModuleWorker(import.meta.url, 'usage-thread-worker', { workerData: data, resourceLimits: THREAD_HEAP });
    this.worker = worker;
    worker.on('message', (message: UsageThreadReply) => {
      if (message.kind === 'error') onError(new UsageThreadError(message.message, message.code));
      else if (message.kind === 'summary') this.settle(message.id)?.resolve(message.rows);
      else if (message.kind === 'summary-failed') this.settle(message.id)?.reject(new UsageThreadError(message.message, message.code));
      else if (message.pendingRows > 0 || message.droppedRows > 0)
        onError(new UsageThreadError(`usage rows not written when the gateway stopped: ${message.pendingRows + message.droppedRows}`, null));
    });
    worker.on('error', (error) => onError(error));
    this.stopped = new Promise((resolve) =>
      worker.once('exit', () => {
        this.worker = null;
        for (const id of [...this.waiting.keys()]) this.settle(id)?.reject(new UsageThreadError('the usage thread stopped before it answered', null));
        resolve();
      }),
    );
    // The thread keeps the process alive only while someone waits for it: a summary, or close()
    worker.unref();
  }

  appendUsage(rows: readonly UsageRow[]): void {
    if (this.worker === null) return this.fallback.appendUsage(rows);
    this.worker.postMessage({ kind: 'rows', rows } satisfies UsageThreadRequest);
  }

  /** The store's usage summary, summed on the thread (the thread writes what it was handed before it). */
  usageSummary(query: UsageQuery): Promise<UsageSummaryRow[]> {
    const worker = this.worker;
    if (worker === null) return Promise.resolve().then(() => this.fallback.usageSummary(query));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ kind: 'summary', id, query } satisfies UsageThreadRequest);
    });
  }

  private settle(id: number) {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    if (this.waiting.size === 0 && !this.closing) this.worker?.unref();
    return waiter;
  }

  /** Has the thread write what it holds and stop; later batches go to `fallback`. */
  close(): Promise<void> {
    this.closing = true;
    this.worker?.ref();
    this.worker?.postMessage({ kind: 'close' } satisfies UsageThreadRequest);
    return this.stopped;
  }
}
