import { DURATION_PATTERN, parseDuration, roundToMicrosecond } from './duration.js';

/** How long to wait before the next attempt, and where that number came from, in plain words. */
export type RetryHint = { ms: number; source: string };

/**
 * A provider's rate-limit reset header, described by the provider module and read here.
 * `header` and `remainingHeader` are lowercase names; `remainingHeader` is the count left in the same limit.
 */
export type ResetHeaderSpec = {
  header: string;
  format: 'duration' | 'timestamp' | 'seconds' | 'milliseconds' | 'epoch-seconds';
  remainingHeader?: string;
};

const DECIMAL = /^\d+(?:\.\d+)?$/;

// ---------------------------------------------------------------------------------------------------------
// Headers

/**
 * The server's retry hint from response headers (names lowercased), in the order the OpenAI and Anthropic SDKs
 * read them: `retry-after-ms`, then `retry-after`, then the provider's reset headers described by `specs`.
 */
export function retryAfterFromHeaders(
  headers: Record<string, string>,
  specs: readonly ResetHeaderSpec[],
  now: number,
): RetryHint | null {
  return fromRetryAfterMs(headers) ?? fromRetryAfter(headers, now) ?? fromResetHeaders(headers, specs, now);
}

function fromRetryAfterMs(headers: Record<string, string>): RetryHint | null {
  const raw = headers['retry-after-ms']?.trim();
  if (raw === undefined || !DECIMAL.test(raw)) return null;
  return { ms: roundToMicrosecond(Number(raw)), source: `header retry-after-ms: ${raw}` };
}

function fromRetryAfter(headers: Record<string, string>, now: number): RetryHint | null {
  const raw = headers['retry-after']?.trim();
  if (raw === undefined) return null;
  if (DECIMAL.test(raw)) return { ms: roundToMicrosecond(Number(raw) * 1000), source: `header retry-after: ${raw}` };
  const at = parseHttpDate(raw);
  if (at === null) return null;
  // A date already passed is still the server's own word ("not before then"): retrying now is allowed.
  return at > now
    ? { ms: at - now, source: `header retry-after: ${raw}` }
    : { ms: 0, source: `header retry-after: ${raw} (already passed)` };
}

type ResetReading = { spec: ResetHeaderSpec; raw: string; ms: number | null; remaining: number | null };

/**
 * With remaining counts: wait for every exhausted limit (remaining 0) to reset, so the longest of their resets;
 * no exhausted limit, or an exhausted limit whose reset is missing or unreadable, gives null (the 429 came from elsewhere,
 * or the wait is unknown). Without any remaining count: the longest reset, an upper bound that is never too early.
 */
function fromResetHeaders(
  headers: Record<string, string>,
  specs: readonly ResetHeaderSpec[],
  now: number,
): RetryHint | null {
  const readings: ResetReading[] = specs.flatMap((spec) => {
    const raw = headers[spec.header]?.trim();
    const remaining = spec.remainingHeader === undefined ? null : readRemaining(headers[spec.remainingHeader]);
    if (raw === undefined && remaining === null) return [];
    return [{ spec, raw: raw ?? '', ms: raw === undefined ? null : resetDelay(raw, spec.format, now), remaining }];
  });
  const counted = readings.filter((reading) => reading.remaining !== null);
  if (counted.length > 0) {
    const exhausted = counted.filter((reading) => reading.remaining === 0);
    if (exhausted.length === 0 || exhausted.some((reading) => reading.ms === null)) return null;
    const longest = longestReset(exhausted);
    return longest && {
      ms: longest.ms,
      source: `header ${longest.spec.header}: ${longest.raw} (${longest.spec.remainingHeader}: 0)`,
    };
  }
  const longest = longestReset(readings);
  return longest && {
    ms: longest.ms,
    source: `header ${longest.spec.header}: ${longest.raw} (longest reset; no remaining count given)`,
  };
}

function longestReset(readings: readonly ResetReading[]): (ResetReading & { ms: number }) | null {
  let longest: (ResetReading & { ms: number }) | null = null;
  for (const reading of readings) {
    if (reading.ms !== null && (longest === null || reading.ms > longest.ms)) longest = { ...reading, ms: reading.ms };
  }
  return longest;
}

/** A remaining count; negative values are placeholders (Azure sends -1 when it does not know). */
function readRemaining(raw: string | undefined): number | null {
  const value = raw?.trim();
  return value !== undefined && DECIMAL.test(value) ? Number(value) : null;
}

/**
 * Delay until a limit resets, or null. Zero counts as unknown, not "now" (Azure sends `0` as a placeholder),
 * and a reset instant in the past means clock skew or a stale header: answering 0 would start a retry storm.
 */
function resetDelay(raw: string, format: ResetHeaderSpec['format'], now: number): number | null {
  const ms = resetDelayAnySign(raw, format, now);
  return ms !== null && ms > 0 ? roundToMicrosecond(ms) : null;
}

function resetDelayAnySign(raw: string, format: ResetHeaderSpec['format'], now: number): number | null {
  switch (format) {
    case 'duration':
      return parseDuration(raw);
    case 'seconds':
      return DECIMAL.test(raw) ? Number(raw) * 1000 : null;
    case 'milliseconds':
      return DECIMAL.test(raw) ? Number(raw) : null;
    case 'epoch-seconds':
      return DECIMAL.test(raw) ? Number(raw) * 1000 - now : null;
    case 'timestamp': {
      const at = parseRfc3339(raw);
      return at === null ? null : at - now;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Message text

// "Please try again in 6ms", "Please retry in 38.8s", "retry after 20 seconds". "Retrying in 4 seconds" does not
// match (it is a client's own schedule): `retry` must be followed by white space.
const DELAY_PHRASE = String.raw`(?:please\s+)?\b(?:try\s+again|retry(?:\s+again)?)\s+(?:in|after)\s+(?<duration>${DURATION_PATTERN})`;
// Anthropic spend limit: "You will regain access on 2025-07-01 at 00:00 UTC" (often line-wrapped).
const REGAIN_PHRASE = String.raw`(?:you\s+will\s+)?\bregain\s+access\s+on\s+(?<day>\d{4}-\d{2}-\d{2})\s+at\s+(?<time>\d{2}:\d{2}(?::\d{2})?)\s*UTC\b`;
// Claude Code: "Claude AI usage limit reached|1751328000" (the epoch second when the window reopens).
const USAGE_LIMIT_PHRASE = String.raw`\busage\s+limit\s+reached\|(?<epoch>\d{10})\b`;
const TEXT_HINT = new RegExp(`${DELAY_PHRASE}|${REGAIN_PHRASE}|${USAGE_LIMIT_PHRASE}`, 'gi');

// Client retry logs that could still look like a server hint: "will retry in 5s", "retry in 2s (attempt 2/5)".
const CLIENT_SCHEDULE_BEFORE = /\b(?:will|next|scheduling)\s+$/i;
const CLIENT_SCHEDULE_AFTER = /^[\s.,;:\u2026\u00b7-]*\(?\s*attempt\b/i;

/**
 * A retry hint written by the server in message text. One pass over the text; when a pasted log holds several
 * hints the last one wins (the most recent). A client's own retry logging is never taken for a hint.
 */
export function retryAfterFromText(text: string, now: number): RetryHint | null {
  let hint: RetryHint | null = null;
  for (const match of text.matchAll(TEXT_HINT)) {
    hint = hintFromMatch(match, text, now) ?? hint;
  }
  return hint;
}

function hintFromMatch(match: RegExpMatchArray, text: string, now: number): RetryHint | null {
  const start = match.index ?? 0;
  const phrase = match[0];
  const quoted = `"${phrase.replace(/\s+/g, ' ')}"`;
  const { duration, day, time, epoch } = match.groups ?? {};
  if (duration !== undefined) {
    const before = text.slice(Math.max(0, start - 16), start);
    const after = text.slice(start + phrase.length, start + phrase.length + 24);
    if (CLIENT_SCHEDULE_BEFORE.test(before) || CLIENT_SCHEDULE_AFTER.test(after)) return null;
    const ms = parseDuration(duration);
    return ms === null ? null : { ms, source: quoted };
  }
  let at: number | null = null;
  if (day !== undefined && time !== undefined) at = parseRfc3339(`${day}T${time.length === 5 ? `${time}:00` : time}Z`);
  if (epoch !== undefined) at = Number(epoch) * 1000;
  if (at === null) return null;
  // Like a past retry-after date: the server named the instant, and it has come.
  return at > now ? { ms: at - now, source: quoted } : { ms: 0, source: `${quoted} (already passed)` };
}

// ---------------------------------------------------------------------------------------------------------
// Google RetryInfo

/**
 * google.rpc.RetryInfo `retryDelay` in milliseconds: the JSON string form (`"15s"`, `"0.120s"`) or the object
 * form `{ seconds: "15", nanos: 500000000 }` (proto3 leaves out zero fields, so either may be missing).
 */
export function retryDelayFromGoogle(value: unknown): number | null {
  if (typeof value === 'string') return parseDuration(value);
  if (typeof value !== 'object' || value === null) return null;
  const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
  if (seconds === undefined && nanos === undefined) return null;
  const wholeSeconds = seconds === undefined ? 0 : nonNegativeInteger(seconds);
  const nanoseconds = nanos === undefined ? 0 : nonNegativeInteger(nanos);
  if (wholeSeconds === null || nanoseconds === null || nanoseconds >= 1e9) return null;
  return roundToMicrosecond(wholeSeconds * 1000 + nanoseconds / 1e6);
}

/** proto3 JSON writes int64 as a string and int32 as a number; accept both. */
function nonNegativeInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Instants

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** HTTP-date in its preferred form (`Sun, 06 Nov 1994 08:49:37 GMT`); the obsolete RFC 850/asctime forms are refused. */
function parseHttpDate(raw: string): number | null {
  const parts = IMF_FIXDATE.exec(raw);
  if (parts === null) return null;
  const [, day, monthName = '', year, hour, minute, second] = parts;
  const month = MONTHS.indexOf(monthName) + 1;
  return month === 0 ? null : utcInstant(Number(year), month, Number(day), Number(hour), Number(minute), Number(second));
}

/** RFC 3339 timestamp with a zone (`2025-07-01T00:00:00Z`, `2025-07-01T02:00:00.5+02:00`). */
function parseRfc3339(raw: string): number | null {
  const parts = RFC3339.exec(raw);
  if (parts === null) return null;
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes] = parts;
  const instant = utcInstant(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second));
  if (instant === null) return null;
  const offsetMs = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return instant + Number(fraction ?? 0) * 1000 - offsetMs;
}

/** Date.UTC rolls 31 February over into March; refuse out-of-range fields instead. */
function utcInstant(year: number, month: number, day: number, hour: number, minute: number, second: number): number | null {
  const instant = Date.UTC(year, month - 1, day, hour, minute, second);
  const valid = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12 &&
    hour < 24 && minute < 60 && second <= 60;
  return valid ? instant : null;
}
