import { retryAfterFromHeaders, type ResetHeaderSpec } from '../../core/retry-after.js';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** Where a provider states a key's per-minute limits (`OPENAI_LIMIT_HEADERS`, `ANTHROPIC_LIMIT_HEADERS`). */
export interface LimitHeaderNames {
  requests?: string;
  tokens?: string;
}

/** One header's value; a repeated header counts by its first value. Names are lowercase. */
function headerText(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const WHOLE_NUMBER = /^\s*\d+\s*$/;

/** A positive whole-number limit, or null (absent, unreadable, or a placeholder such as 0 or -1). */
export function readLimit(headers: ResponseHeaders, name: string | undefined): number | null {
  if (name === undefined) return null;
  const raw = headerText(headers, name);
  if (raw === undefined || !WHOLE_NUMBER.test(raw)) return null;
  const limit = Number(raw);
  return limit > 0 ? limit : null;
}

/**
 * When an answer says a limit is used up (its remaining count is 0), the instant the provider says it resets, and
 * which header said so; null when nothing is used up or the reset cannot be read. Headers are only copied in that
 * rare case, so an ordinary answer costs a few lookups.
 */
export function exhaustedUntil(
  headers: ResponseHeaders,
  specs: readonly ResetHeaderSpec[],
  now: number,
): { until: number; source: string } | null {
  let exhausted: Record<string, string> | null = null;
  for (const spec of specs) {
    if (spec.remainingHeader === undefined) continue;
    const remaining = headerText(headers, spec.remainingHeader);
    if (remaining === undefined || !WHOLE_NUMBER.test(remaining) || Number(remaining) !== 0) continue;
    exhausted ??= {};
    exhausted[spec.remainingHeader] = remaining;
    const reset = headerText(headers, spec.header);
    if (reset !== undefined) exhausted[spec.header] = reset;
  }
  if (exhausted === null) return null;
  const hint = retryAfterFromHeaders(exhausted, specs, now);
  return hint !== null && hint.ms > 0 ? { until: now + hint.ms, source: hint.source } : null;
}
