import type { ClientKeyRecord } from '../gateway/store/types.js';
import { grouped, minuteUtc, textTable, type Alignment } from './text-table.js';

/** What a key may do, one line per limit, for `keys create` and `keys rotate`. */
export function renderLimits(record: ClientKeyRecord, now: number): string {
  const lines: Array<[string, string]> = [
    ['models', record.models === null ? 'any' : record.models.join(', ')],
    ['requests', record.requestsPerMinute === null ? 'no per-minute limit' : `${grouped(record.requestsPerMinute)} per minute`],
    ['concurrent', record.maxConcurrent === null ? 'no limit' : `${grouped(record.maxConcurrent)} at once`],
    ['budget', budgetText(record)],
    ['expires', record.expiresAt === null ? 'never' : `${minuteUtc(record.expiresAt)} UTC (${untilText(record.expiresAt - now)})`],
  ];
  if (Object.keys(record.metadata).length > 0) lines.push(['metadata', metadataText(record.metadata)]);
  return lines.map(([label, value]) => `  ${label.padEnd(12)}${value}`).join('\n') + '\n';
}

/** `keys list`: one row per key, never more of a key than its masked form. Times in UTC. */
export function renderKeyTable(records: readonly ClientKeyRecord[], now: number): string {
  const headers = ['ID', 'NAME', 'KEY', 'MODELS', 'RPM', 'CONCURRENT', 'BUDGET', 'CREATED', 'EXPIRES', 'STATE', 'METADATA'];
  const rows = records.map((record) => [
    record.id,
    record.name ?? '-',
    record.masked,
    record.models === null ? 'any' : record.models.join(','),
    record.requestsPerMinute === null ? '-' : grouped(record.requestsPerMinute),
    record.maxConcurrent === null ? '-' : grouped(record.maxConcurrent),
    record.budgetTokens === null ? '-' : `${grouped(record.budgetTokens)}/${record.budgetPeriod}`,
    minuteUtc(record.createdAt),
    record.expiresAt === null ? 'never' : minuteUtc(record.expiresAt),
    keyState(record, now),
    metadataText(record.metadata),
  ]);
  const alignments = headers.map((header): Alignment => (header === 'RPM' || header === 'CONCURRENT' ? 'right' : 'left'));
  return textTable(headers, rows, alignments);
}

/** `active`, `expired`, `revoked`, or `replaced by ck_…` (revoked by a rotation). */
export function keyState(record: ClientKeyRecord, now: number): string {
  if (record.replacedBy !== null) return `replaced by ${record.replacedBy}`;
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && record.expiresAt <= now) return 'expired';
  return 'active';
}

function budgetText(record: ClientKeyRecord): string {
  if (record.budgetTokens === null) return 'no token budget';
  const per = record.budgetPeriod === 'total' ? 'in total' : `per ${record.budgetPeriod} (UTC)`;
  return `${grouped(record.budgetTokens)} tokens ${per}`;
}

function metadataText(metadata: Record<string, string>): string {
  const entries = Object.entries(metadata);
  return entries.length === 0 ? '' : entries.map(([label, value]) => `${label}=${value}`).join(' ');
}

/** `in 30 days`, `in 12 hours`, `in 5 minutes`. */
function untilText(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, unit] of units) {
    const count = Math.round(ms / size);
    if (count >= 1 && ms >= size * 0.99) return `in ${count} ${unit}${count === 1 ? '' : 's'}`;
  }
  return 'in less than a minute';
}
