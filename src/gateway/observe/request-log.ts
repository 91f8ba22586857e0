import { pino, type DestinationStream, type Logger } from 'pino';
import { DEFAULTS } from '../../core/defaults.js';
import { redactSecrets } from '../../core/redact.js';
import type { LogLevel } from '../config/types.js';
import type { RequestRecord } from '../engine/trail.js';
import { LineBatcher } from './line-batcher.js';
import { logSafe, serialiseError, UNLOGGED_FIELDS } from './log-safe.js';
import { RequestLineWriter } from './request-line-writer.js';

export interface RequestLogOptions {
  level: LogLevel;
  /** Where the JSON lines go; stdout (asynchronous, flushed at exit) by default. */
  destination?: NodeJS.WritableStream | DestinationStream;
}

/** The gateway's structured log: one JSON line per request, never a key in clear, never a header or a body. */
export interface RequestLog {
  readonly level: LogLevel;
  /** One line per request: info, or warn when the gateway answered with a 5xx; the attempts themselves at debug. */
  request(record: RequestRecord): void;
  error(error: unknown, context?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  /** Resolves once every line written so far has reached the destination. */
  flush(): Promise<void>;
  /** Flushes; nothing is written after. Idempotent. Stdout, or a destination passed in, stays open. */
  close(): Promise<void>;
}

/** Censored by pino at the top level and one level down; `logSafe` has already dropped them at any depth. */
const REDACT_PATHS = [...UNLOGGED_FIELDS].flatMap((field) => [field, `*.${field}`]);

const STDOUT = 1;

export function createRequestLog(options: RequestLogOptions): RequestLog {
  // Our stdout gets lines in batches; a destination passed in gets each line as it is made
  const batcher = options.destination === undefined ? new LineBatcher(STDOUT, DEFAULTS.gateway.logLines, (lines) => freeForm.warn({ lines }, 'log lines dropped: stdout could not keep up')) : null;
  const destination = (batcher ?? options.destination) as DestinationStream;
  const settings = {
    level: options.level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  // Request lines are built field by field from the record (ids, fingerprints, config names, models redacted one
  // by one) and cannot hold a header or a body: they are written as pino would, without its generic walk
  const logger: Logger = pino(settings, destination);
  const requestLines = new RequestLineWriter(destination);
  // Free-form lines can: they pay for the wildcard paths, and a last pass that leaves no key-shaped text in clear
  const freeForm = pino({ ...settings, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, hooks: { streamWrite: redactSecrets } }, destination);
  let closed = false;

  const flush = (): Promise<void> =>
    closed
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          // The lines are out once it drains; the fsync that follows fails on a pipe (EINVAL) and means nothing there
          logger.flush((error) => (error && (error as NodeJS.ErrnoException).code !== 'EINVAL' ? reject(error) : resolve()));
        });

  return {
    level: options.level,
    request(record) {
      if (closed) return;
      const level = record.status >= 500 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = requestLine(record);
      if (logger.isLevelEnabled('debug')) line.attempt_list = record.attempts.map(attemptLine);
      requestLines.write(level, line);
    },
    error(error, context) {
      if (closed || !logger.isLevelEnabled('error')) return;
      const err = serialiseError(error);
      freeForm.error({ ...(context && (logSafe(context) as Record<string, unknown>)), error: err }, err.message);
    },
    warn(msg, fields) {
      if (closed || !logger.isLevelEnabled('warn')) return;
      freeForm.warn(fields ? (logSafe(fields) as Record<string, unknown>) : {}, redactSecrets(msg));
    },
    info(msg, fields) {
      if (closed || !logger.isLevelEnabled('info')) return;
      freeForm.info(fields ? (logSafe(fields) as Record<string, unknown>) : {}, redactSecrets(msg));
    },
    flush,
    async close() {
      if (closed) return;
      await flush();
      closed = true;
      await batcher?.detach();
    },
  };
}

/** The request's line. Model names come from clients: free text, so redacted like any other. */
function requestLine(record: RequestRecord): Record<string, unknown> {
  return {
    request_id: record.requestId,
    client: record.clientKeyId,
    operation: record.operation,
    route: record.route,
    model_asked: record.modelAsked === null ? null : redactSecrets(record.modelAsked),
    model_served: record.modelServed === null ? null : redactSecrets(record.modelServed),
    upstream: record.upstream,
    key: record.keyFingerprint,
    status: record.status,
    streamed: record.streamed,
    attempts: record.attempts.length,
    categories: record.categories,
    latency_ms: record.latencyMs,
    ttft_ms: record.timeToFirstTokenMs,
    tokens_in: record.usage?.inputTokens ?? null,
    tokens_out: record.usage?.outputTokens ?? null,
    resumed: record.resumed,
    ...(record.malformedChunksDropped > 0 && { malformed_chunks: record.malformedChunksDropped }),
  };
}

function attemptLine(attempt: RequestRecord['attempts'][number]): Record<string, unknown> {
  return {
    target: redactSecrets(attempt.target),
    upstream: attempt.upstream,
    key: attempt.keyFingerprint,
    status: attempt.status,
    category: attempt.category,
    duration_ms: attempt.durationMs,
  };
}
