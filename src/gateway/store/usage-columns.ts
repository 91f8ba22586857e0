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
}

/** The columns are STRICT integers: a fractional duration (performance.now()) would fail the whole batch. */
export function usageColumns(row: UsageRow): UsageColumns {
  return {
    time: Math.round(row.time),
    request_id: row.requestId,
    client_key_id: row.clientKeyId,
    route: row.route,
    operation: row.operation,
    model_asked: row.modelAsked,
    model_served: row.modelServed,
    upstream: row.upstream,
    key_fingerprint: row.keyFingerprint,
    input_tokens: Math.round(row.inputTokens),
    output_tokens: Math.round(row.outputTokens),
    attempts: row.attempts,
    latency_ms: Math.round(row.latencyMs),
    ttft_ms: row.ttftMs === null ? null : Math.round(row.ttftMs),
    status: row.status,
    streamed: row.streamed ? 1 : 0,
    resumed: row.resumed ? 1 : 0,
    categories: row.categories,
  };
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
