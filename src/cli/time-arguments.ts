import { parseLifetime } from '../gateway/clients/client-key-spec.js';
import { UsageError } from './args.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** How the time options read, for messages. */
export const TIME_FORMS = 'a span back from now (7d, 12h, 2w) or a UTC date or time (2026-11-01, 2026-11-01T12:00:00Z)';

/**
 * `--since` / `--until` as epoch ms: a span counts back from `now`; a date is the start of that UTC day,
 * or, for an end (`--until 2026-11-30`), the start of the next one so that the day is included.
 */
export function instantOption(option: string, text: string, now: number, edge: 'start' | 'end'): number {
  const written = text.trim();
  if (DATE_ONLY.test(written)) {
    const day = Date.parse(`${written}T00:00:00Z`);
    if (Number.isFinite(day) && new Date(day).toISOString().startsWith(written)) return edge === 'end' ? day + DAY_MS : day;
  } else if (DATE_TIME.test(written)) {
    const at = Date.parse(written);
    if (Number.isFinite(at)) return at;
  } else {
    const span = parseLifetime(written);
    if (span !== null && Number.isFinite(span) && span > 0) return now - Math.round(span);
  }
  throw new UsageError(`--${option} takes ${TIME_FORMS} (got "${shortArgument(written)}")`);
}

/** `--expires`: a span from now (30d, 12h) or a UTC date or time, which must be in the future. */
export function expiryOption(text: string, now: number): number {
  const written = text.trim();
  let at: number | null = null;
  if (DATE_ONLY.test(written) || DATE_TIME.test(written)) {
    const parsed = Date.parse(DATE_ONLY.test(written) ? `${written}T00:00:00Z` : written);
    at = Number.isFinite(parsed) && (!DATE_ONLY.test(written) || new Date(parsed).toISOString().startsWith(written)) ? parsed : null;
  } else {
    const span = parseLifetime(written);
    at = span !== null && Number.isFinite(span) && span > 0 ? now + Math.round(span) : null;
  }
  if (at === null) throw new UsageError(`--expires takes a span from now (30d, 12h, 2w) or a UTC date or time (2026-12-31, 2026-12-31T18:00:00Z) (got "${shortArgument(written)}")`);
  if (at <= now) throw new UsageError(`--expires ${written} is already past (${new Date(at).toISOString()}): give a later date, or a span such as 30d`);
  return at;
}

/** An argument echoed in a message, cut short (it might be something pasted in the wrong place). */
export function shortArgument(text: string): string {
  return text.length <= 32 ? text : `${text.slice(0, 24)}…`;
}
