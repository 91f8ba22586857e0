import type { UsageSummaryRow } from '../gateway/store/types.js';
import { csvLines } from './csv.js';
import { grouped, textTable, type Alignment } from './text-table.js';

/** The columns of `--csv`, named as the admin API and `--json` name them. */
const CSV_HEADER = ['day', 'client_key_id', 'client_name', 'model', 'requests', 'failed', 'input_tokens', 'output_tokens', 'attempts', 'avg_latency_ms'];

/** One row per UTC day, client key and model served, then the totals. */
export function renderUsageTable(rows: readonly UsageSummaryRow[]): string {
  const headers = ['DAY', 'CLIENT', 'MODEL', 'REQUESTS', 'FAILED', 'INPUT TOKENS', 'OUTPUT TOKENS', 'ATTEMPTS', 'AVG LATENCY'];
  const alignments = headers.map((_, column): Alignment => (column >= 3 ? 'right' : 'left'));
  const body = rows.map((row) => [
    row.day,
    clientLabel(row),
    row.model ?? '(none served)',
    grouped(row.requests),
    grouped(row.failed),
    grouped(row.inputTokens),
    grouped(row.outputTokens),
    grouped(row.attempts),
    latency(row.avgLatencyMs),
  ]);
  const total = usageTotals(rows);
  const footer = [
    [
      'total',
      '',
      '',
      grouped(total.requests),
      grouped(total.failed),
      grouped(total.inputTokens),
      grouped(total.outputTokens),
      grouped(total.attempts),
      latency(total.avgLatencyMs),
    ],
  ];
  return textTable(headers, body, alignments, footer);
}

export function renderUsageCsv(rows: readonly UsageSummaryRow[]): string {
  return csvLines([
    CSV_HEADER,
    ...rows.map((row) => [row.day, row.clientKeyId, row.clientName, row.model, row.requests, row.failed, row.inputTokens, row.outputTokens, row.attempts, row.avgLatencyMs]),
  ]);
}

/** A summary row's counts over many rows; `avgLatencyMs` over all requests, not the mean of the rows' means. */
export type UsageTotals = Omit<UsageSummaryRow, 'day' | 'clientKeyId' | 'clientName' | 'model'>;

export function usageTotals(rows: readonly UsageSummaryRow[]): UsageTotals {
  const sum = (pick: (row: UsageSummaryRow) => number): number => rows.reduce((total, row) => total + pick(row), 0);
  const requests = sum((row) => row.requests);
  return {
    requests,
    failed: sum((row) => row.failed),
    inputTokens: sum((row) => row.inputTokens),
    outputTokens: sum((row) => row.outputTokens),
    attempts: sum((row) => row.attempts),
    avgLatencyMs: requests === 0 ? 0 : sum((row) => row.avgLatencyMs * row.requests) / requests,
  };
}

function clientLabel(row: UsageSummaryRow): string {
  if (row.clientKeyId === null) return '(no client key)';
  return row.clientName === null ? row.clientKeyId : `${row.clientName} (${row.clientKeyId})`;
}

/** `812 ms`, `2.4 s`. */
function latency(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}
