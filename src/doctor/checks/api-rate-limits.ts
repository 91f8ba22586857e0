import { DEFAULTS } from '../../core/defaults.js';
import type { FindingDraft, ReportFinding } from './api-finding.js';
import { formatMs } from './api-outcome.js';
import type { HttpAnswer, HttpOutcome } from './api-http.js';
import type { RateLimitReading, ProviderProbe } from '../../providers/probe.js';

/**
 * `api.rate_limits`: limits, remaining and reset from the response headers, where the provider sends
 * them. The one-token answer is read first (OpenAI and Anthropic count generation), then the listing.
 */

export interface LimitSource {
  /** `one-token request`, `model listing`. */
  label: string;
  outcome: HttpOutcome | null;
}

export function reportRateLimits(probe: ProviderProbe, sources: readonly LimitSource[], report: ReportFinding, startedAt: number): void {
  report('api.rate_limits', rateLimitDraft(probe, sources), startedAt);
}

function rateLimitDraft(probe: ProviderProbe, sources: readonly LimitSource[]): FindingDraft {
  if (!probe.sendsRateLimitHeaders) {
    return {
      status: 'skip',
      title: `${probe.displayName} sends no rate-limit headers`,
      detail: `${probe.displayName} reports limits only in the body of a 429 (QuotaFailure names the limit, RetryInfo the wait), so they cannot be read ahead of time; the project's limits and usage are at ${probe.limitsPage}.`,
    };
  }
  const answers = sources.filter((source): source is LimitSource & { outcome: HttpAnswer } => source.outcome?.kind === 'answer');
  if (answers.length === 0) {
    return { status: 'skip', title: `${probe.displayName} rate limits unknown`, detail: 'No answer came back from the API, so no rate-limit headers could be read.' };
  }
  for (const source of answers) {
    const readings = probe.readRateLimits(source.outcome.headers, Date.now());
    if (readings.length > 0) return readingsDraft(probe, source.label, readings);
  }
  return {
    status: 'skip',
    title: `${probe.displayName} rate limits not in the answers`,
    detail: `The ${answers.map((source) => source.label).join(' and ')} answer${answers.length > 1 ? 's' : ''} carried no rate-limit headers (${probe.displayName} sends them on generation requests); \`--probe\` reads them from a one-token request. Limits: ${probe.limitsPage}.`,
  };
}

function readingsDraft(probe: ProviderProbe, label: string, readings: RateLimitReading[]): FindingDraft {
  const lines = readings.map(describeReading).join('; ');
  const low = readings.filter(isLow);
  const detail = `From the ${label} answer: ${lines}.`;
  if (low.length === 0) return { status: 'pass', title: `${probe.displayName} rate limits have room`, detail };
  const empty = low.filter((reading) => reading.remaining === 0);
  const names = low.map((reading) => reading.name).join(', ');
  return {
    status: 'warn',
    category: 'rate_limited',
    title: empty.length > 0 ? `${probe.displayName} ${names} limit used up until it resets` : `${probe.displayName} ${names} limit nearly used up`,
    detail: `${detail} Less than ${Math.round(DEFAULTS.doctor.api.lowRemainingShare * 100)}% is left of: ${names}. Calls now will get 429s until the window refills.`,
    fixes: [
      'Wait for the reset before retrying, and retry with exponential backoff and jitter (honour retry-after).',
      'Lower concurrency or queue requests; something else may be sharing this key (compare fingerprints across machines).',
      `Check the organization's limits and usage tier at ${probe.limitsPage}.`,
    ],
  };
}

function isLow(reading: RateLimitReading): boolean {
  if (reading.remaining === null) return false;
  if (reading.remaining === 0) return true;
  return reading.limit !== null && reading.limit > 0 && reading.remaining / reading.limit < DEFAULTS.doctor.api.lowRemainingShare;
}

const number = (value: number): string => value.toLocaleString('en-US');

function describeReading(reading: RateLimitReading): string {
  const amount =
    reading.remaining !== null && reading.limit !== null
      ? `${number(reading.remaining)} of ${number(reading.limit)} left`
      : reading.remaining !== null
        ? `${number(reading.remaining)} left`
        : reading.limit !== null
          ? `limit ${number(reading.limit)}`
          : 'no counts';
  const reset = reading.resetMs !== null ? `, resets in ${formatMs(reading.resetMs)}` : reading.resetText ? `, reset "${reading.resetText}"` : '';
  return `${reading.name} ${amount}${reset}`;
}
