import type { UsageRow, UsageSummaryRow } from './types.js';

/** A `usage` row as SQLite holds it: booleans as 0/1, times and durations as whole milliseconds. */
export interface UsageColumns {
  time: number;
  request_id: string;
  client_key_id: string | null;
  route: string | null;
  operation: string;
  model_asked: string | null;
  model_served: string | null;
  upstream: string | null;
  key_fingerprint: string | null;
  input_tokens: number;
  output_tokens: number;
  attempts: number;
  latency_ms: number;
  ttft_ms: number | null;
  status: number;
  streamed: number;
  resumed: number;
  categories: string;
  answer_id: string | null;
}

/** The `usage` columns written per request, in the order of `usageValues`. */
export const USAGE_FIELDS =
  'time, request_id, client_key_id, route, operation, model_asked, model_served, upstream, key_fingerprint, ' +
  'input_tokens, output_tokens, attempts, latency_ms, ttft_ms, status, streamed, resumed, categories, answer_id';

/**
 * A row's values in the order of `USAGE_FIELDS`: positional parameters bind faster than named ones, and
 * this runs once per request. The columns are STRICT integers: a fractional duration (performance.now())
 * would fail the whole batch.
 */
export function usageValues(row: UsageRow): unknown[] {
  return [
    Math.round(row.time),
    row.requestId,
    row.clientKeyId,
    row.route,
    row.operation,
    row.modelAsked,
    row.modelServed,
    row.upstream,
    row.keyFingerprint,
    Math.round(row.inputTokens),
    Math.round(row.outputTokens),
    row.attempts,
    Math.round(row.latencyMs),
    row.ttftMs === null ? null : Math.round(row.ttftMs),
    row.status,
    row.streamed ? 1 : 0,
    row.resumed ? 1 : 0,
    row.categories,
    row.answerId,
  ];
}

export function usageRowOfColumns(row: UsageColumns): UsageRow {
  return {
    time: row.time,
    requestId: row.request_id,
    clientKeyId: row.client_key_id,
    route: row.route,
    operation: row.operation,
    modelAsked: row.model_asked,
    modelServed: row.model_served,
    upstream: row.upstream,
    keyFingerprint: row.key_fingerprint,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    attempts: row.attempts,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    status: row.status,
    streamed: row.streamed === 1,
    resumed: row.resumed === 1,
    answerId: row.answer_id,
    categories: row.categories,
  };
}

/** One group of the usage summary query, named as the query names its columns. */
export interface UsageSummaryColumns {
  day: string;
  client_key_id: string | null;
  client_name: string | null;
  model: string | null;
  requests: number;
  failed: number;
  input_tokens: number;
  output_tokens: number;
  attempts: number;
  avg_latency_ms: number;
}

export function usageSummaryRowOf(row: UsageSummaryColumns): UsageSummaryRow {
  return {
    day: row.day,
    clientKeyId: row.client_key_id,
    clientName: row.client_name,
    model: row.model,
    requests: row.requests,
    failed: row.failed,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    attempts: row.attempts,
    avgLatencyMs: row.avg_latency_ms,
  };
}
