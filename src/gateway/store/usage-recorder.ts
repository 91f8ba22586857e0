import type { RequestRecord } from '../engine/trail.js';
import type { LateCount } from '../engine/late-usage.js';
import { nodeTimers, type Timers } from '../pool/timers.js';
import type { GatewayStore, UsageRow } from './types.js';

export interface UsageRecorderOptions {
  /** Rows written in one transaction; reaching it writes at once. */
  batchSize: number;
  /** The longest a row waits in memory before it is written. */
  flushMs: number;
  /** Batches kept in memory while the store refuses writes; beyond that the oldest are dropped (and counted). */
  maxKeptBatches?: number;
  /** Tests pass a fake clock's timers; by default Node's, unref'd (they never keep the process alive). */
  timers?: Timers;
}

const DEFAULT_MAX_KEPT_BATCHES = 10;

/**
 * Writes one usage row per request off the request path: rows wait in memory and go to the store in one
 * transaction per batch, when `batchSize` rows are waiting or `flushMs` after the first one. A write that
 * fails (disk full, store locked) never reaches the request: `onError` hears of it and the batch waits for
 * the next flush, up to `maxKeptBatches` batches.
 */
export class UsageRecorder {
  private waiting: UsageRow[] = [];
  /** Whole batches a write refused, oldest first, retried before newer rows. */
  private readonly kept: UsageRow[][] = [];
  private timer: unknown = null;
  private closed = false;
  private dropped = 0;
  private readonly timers: Timers;
  private readonly maxKeptBatches: number;

  constructor(
    private readonly store: Pick<GatewayStore, 'appendUsage'>,
    private readonly options: UsageRecorderOptions,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.timers = options.timers ?? nodeTimers({ unref: true });
    this.maxKeptBatches = Math.max(1, options.maxKeptBatches ?? DEFAULT_MAX_KEPT_BATCHES);
  }

  /** Rows dropped because the store refused writes for longer than the kept batches cover. */
  get droppedRows(): number {
    return this.dropped;
  }

  /** Rows in memory, not yet written. */
  get pendingRows(): number {
    return this.waiting.length + this.kept.reduce((sum, batch) => sum + batch.length, 0);
  }

  record(row: UsageRow): void {
    this.waiting.push(row);
    // After close nothing would flush later: a late row (a request ending during shutdown) is written at once.
    if (this.closed || this.waiting.length >= this.options.batchSize) this.flush();
    else this.schedule();
  }

  /** Writes every row in memory now, oldest batch first; stops at the first refused write. */
  flush(): void {
    this.cancelTimer();
    while (this.waiting.length > 0) this.kept.push(this.waiting.splice(0, Math.max(1, this.options.batchSize)));
    while (this.kept.length > 0) {
      const batch = this.kept[0] as UsageRow[];
      try {
        this.store.appendUsage(batch);
      } catch (error) {
        this.report(error);
        break;
      }
      this.kept.shift();
    }
    this.dropOverflow();
    if (this.kept.length > 0) this.schedule();
  }

  /** Writes what is waiting; later rows are written one by one. */
  close(): void {
    this.flush();
    this.closed = true;
    this.cancelTimer();
  }

  private dropOverflow(): void {
    while (this.kept.length > this.maxKeptBatches) this.dropped += this.kept.shift()?.length ?? 0;
  }

  private schedule(): void {
    if (this.timer !== null || this.closed) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.options.flushMs);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private report(error: unknown): void {
    try {
      this.onError(error);
    } catch {
      // A failing error handler must not turn a lost usage row into a failed request.
    }
  }
}

/** The usage row of one request: the time it arrived, its tokens, how it went. */
export function usageRowOf(record: RequestRecord): UsageRow {
  return {
    time: record.receivedAt,
    requestId: record.requestId,
    clientKeyId: record.clientKeyId,
    route: record.route,
    operation: record.operation,
    modelAsked: record.modelAsked,
    modelServed: record.modelServed,
    upstream: record.upstream,
    keyFingerprint: record.keyFingerprint,
    inputTokens: record.usage?.inputTokens ?? 0,
    outputTokens: record.usage?.outputTokens ?? 0,
    attempts: record.attempts.length,
    latencyMs: record.latencyMs,
    ttftMs: record.timeToFirstTokenMs,
    status: record.status,
    streamed: record.streamed,
    resumed: record.resumed,
    answerId: record.answerId,
    categories: record.categories.join(','),
  };
}

/** The row of a late answer's tokens (a background response found finished by a look of the gateway's own). */
export function usageRowOfLateCount(count: LateCount, requestId: string, time: number): UsageRow {
  return {
    time,
    requestId,
    clientKeyId: count.clientKeyId,
    route: null,
    operation: count.operation,
    modelAsked: null,
    modelServed: count.model,
    upstream: count.upstream,
    keyFingerprint: count.keyFingerprint,
    inputTokens: count.usage.inputTokens,
    outputTokens: count.usage.outputTokens,
    attempts: 1,
    latencyMs: count.latencyMs,
    ttftMs: null,
    status: 200,
    streamed: false,
    resumed: false,
    answerId: count.answerId,
    categories: '',
  };
}
