import type { UsageQuery, UsageSummaryRow } from '../store/types.js';
import { isoTime } from './iso-time.js';

/** A query parameter that cannot be read: the message names it and the forms it takes. */
export class UsageQueryError extends Error {
  override name = 'UsageQueryError';
}

/** `?since=&until=&client=`: times as ISO 8601 (`2026-03-01`, `2026-03-01T12:00:00Z`) or epoch milliseconds. */
export function usageQueryOf(params: URLSearchParams): UsageQuery {
  const query: UsageQuery = {};
  const since = timeParam(params, 'since');
  const until = timeParam(params, 'until');
  const client = params.get('client');
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  if (since !== undefined && until !== undefined && since > until) {
    throw new UsageQueryError(`since (${isoTime(since)}) is after until (${isoTime(until)}): swap them.`);
  }
  if (client !== null && client !== '') query.clientKeyId = client;
  return query;
}

function timeParam(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(time)) {
    throw new UsageQueryError(`${name}=${JSON.stringify(value.slice(0, 40))} is not a time: give an ISO 8601 date or time (2026-03-01, 2026-03-01T12:00:00Z) or epoch milliseconds.`);
  }
  return time;
}

/** The body of `GET /admin/usage`: the query as understood, then one row per client key, model served and UTC day. */
export function usageJson(query: UsageQuery, rows: readonly UsageSummaryRow[]): Record<string, unknown> {
  return {
    since: isoTime(query.since ?? null),
    until: isoTime(query.until ?? null),
    client: query.clientKeyId ?? null,
    rows: rows.map((row) => ({
      day: row.day,
      client_key_id: row.clientKeyId,
      client_name: row.clientName,
      model: row.model,
      requests: row.requests,
      failed: row.failed,
      input_tokens: row.inputTokens,
      output_tokens: row.outputTokens,
      attempts: row.attempts,
      avg_latency_ms: row.avgLatencyMs,
    })),
  };
}
