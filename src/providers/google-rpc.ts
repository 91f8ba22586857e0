import type { Evidence } from '../core/evidence.js';

/**
 * Google's 429 says "You exceeded your current quota" for per-minute, per-day and no-free-tier
 * cases alike; only the QuotaFailure violations tell them apart.
 */
export type QuotaVerdict = { kind: 'no_allowance' | 'per_day' | 'per_minute'; evidence: string };

const PER_DAY = /PerDay|per[ _-]day|daily|PerMonth|per[ _-]month/i;
const PER_MINUTE = /PerMinute|per[ _-]minute|PerSecond/i;

export function googleQuotaVerdict(evidence: Evidence): QuotaVerdict | null {
  const violations = evidence.records.flatMap((r) => r.quotaViolations);
  const zero = violations.find((v) => v.quotaValue === '0');
  if (zero) return { kind: 'no_allowance', evidence: `quota ${zero.quotaId} has limit 0 (no allowance on this tier)` };
  // Pastes are often truncated mid-JSON, so read the ids from the raw text as well
  const ids = [...violations.map((v) => `${v.quotaId} ${v.quotaMetric ?? ''}`), ...textQuotaIds(evidence.text)];
  const textZero = /\blimit:\s*0\b|"quotaValue":\s*"0"/.exec(evidence.text);
  if (textZero) return { kind: 'no_allowance', evidence: `"${textZero[0]}" (no allowance on this tier)` };
  const daily = ids.find((id) => PER_DAY.test(id));
  const minute = ids.find((id) => PER_MINUTE.test(id));
  // Both windows are often listed together; a per-minute violation alone is the short one
  if (minute && !daily) return { kind: 'per_minute', evidence: `quota ${minute.trim()}` };
  if (daily) return { kind: 'per_day', evidence: `quota ${daily.trim()}` };
  return null;
}

function textQuotaIds(text: string): string[] {
  return [...text.matchAll(/quota(?:Id|_id|Metric|_metric)["']?\s*[:=]\s*\\?["']?([A-Za-z0-9_./-]+)|limit '([^']+)'|quota metric '([^']+)'/gi)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
}
