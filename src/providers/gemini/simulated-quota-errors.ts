import type { RateState } from '../simulator.js';
import { TYPE, type GoogleStatus } from './simulated-envelope.js';
import type { ErrorSubject } from './simulated-subject.js';

/**
 * Google's 429s carry their retry hints in the body, never in headers: `RetryInfo.retryDelay` and
 * "Please retry in Ns." in the message, and `QuotaFailure.violations[].quotaId` naming the window
 * that ran out (NOTES.md §4). Shape and wording of the current (2026) form, details in the order
 * Help, QuotaFailure, RetryInfo, from a real python-genai ClientError quoted in public code:
 *   "You exceeded your current quota, ... To monitor your current usage, head to:
 *    https://ai.dev/rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/
 *    generate_content_free_tier_requests, limit: 15, model: gemini-3.5-flash-lite\nPlease retry in 12.13444861s."
 */

const EXCEEDED =
  'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. ';
const HELP = { '@type': `${TYPE}Help`, links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] };
const REQUESTS_METRIC = 'generativelanguage.googleapis.com/generate_content_free_tier_requests';
const INPUT_TOKENS_METRIC = 'generativelanguage.googleapis.com/generate_content_free_tier_input_token_count';

interface Violation {
  metric: string;
  quotaId: string;
  /** Omitted from the body when 0, as proto3 JSON omits zero values. */
  limit: number;
}

function quotaError(subject: ErrorSubject, violations: readonly Violation[], retryMs: number): GoogleStatus {
  const seconds = Math.max(retryMs, 1) / 1000;
  const lines = violations.map((v) => `* Quota exceeded for metric: ${v.metric}, limit: ${v.limit}, model: ${subject.model}\n`).join('');
  return {
    code: 429,
    status: 'RESOURCE_EXHAUSTED',
    message: `${EXCEEDED}\n${lines}Please retry in ${seconds}s.`,
    details: [
      HELP,
      {
        '@type': `${TYPE}QuotaFailure`,
        violations: violations.map((v) => ({
          quotaMetric: v.metric,
          quotaId: v.quotaId,
          quotaDimensions: { location: 'global', model: subject.model },
          ...(v.limit === 0 ? {} : { quotaValue: String(v.limit) }),
        })),
      },
      { '@type': `${TYPE}RetryInfo`, retryDelay: `${Math.floor(seconds)}s` },
    ],
  };
}

/**
 * The per-minute window of the key's bucket ran out (gm-017, gm-018; vercel/ai
 * packages/google/src/__fixtures__/google-429-retry-info.json): the quota that did, with the bucket's
 * limit and wait. Forced by the scenario on a bucket with room, the wait is one request's refill.
 */
export function rateLimited(subject: ErrorSubject, rate: RateState): GoogleStatus {
  if (rate.exhausted === 'tokens') {
    const violation = { metric: INPUT_TOKENS_METRIC, quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier', limit: rate.limitTokens };
    return quotaError(subject, [violation], rate.retryAfterMs || rate.resetTokensMs || 60_000);
  }
  const violation = { metric: REQUESTS_METRIC, quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', limit: rate.limitRequests };
  return quotaError(subject, [violation], rate.retryAfterMs || Math.ceil(60_000 / Math.max(1, rate.limitRequests)));
}

/** Free-tier requests per day (the per-model daily cap of the free tier; the value is illustrative). */
const FREE_TIER_REQUESTS_PER_DAY = 250;

/**
 * The daily window ran out: gm-012, gm-016 (langgenius/dify#19838), quotaId
 * `GenerateRequestsPerDayPerProjectPerModel-FreeTier`. Daily quotas reset at midnight Pacific time,
 * which is the wait reported here (reconstructed: real bodies also carry a RetryInfo).
 */
export function quotaExceeded(subject: ErrorSubject, rate: RateState): GoogleStatus {
  const violation = { metric: REQUESTS_METRIC, quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', limit: FREE_TIER_REQUESTS_PER_DAY };
  return quotaError(subject, [violation], msUntilPacificMidnight(rate.now));
}

/**
 * Billing, in the real variants. Default `prepay`: the 2026 answer for depleted prepaid credits
 * (discuss.ai.google.dev/t/api-update-depleted-prepay-credits-now-return-http-402-instead-of-429/183654,
 * verbatim). `prepay_429`: the same before that change (gm-044). `free_tier`: the model has no free
 * tier, every limit is 0 (gm-019, continuedev/continue#10085; quota ids reconstructed from the metrics).
 * `country`: the free tier is not offered in the caller's country (gm-045, ai.google.dev/gemini-api/docs/troubleshooting).
 */
export function billing(subject: ErrorSubject, rate: RateState): GoogleStatus {
  switch (subject.variant) {
    case 'prepay_429':
      return {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        message: 'Your prepayment credits are depleted. Please go to AI Studio at https://ai.studio/projects to manage your project and billing.',
      };
    case 'free_tier':
      return quotaError(
        subject,
        [
          { metric: INPUT_TOKENS_METRIC, quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier', limit: 0 },
          { metric: REQUESTS_METRIC, quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', limit: 0 },
          { metric: REQUESTS_METRIC, quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', limit: 0 },
          { metric: INPUT_TOKENS_METRIC, quotaId: 'GenerateContentInputTokensPerModelPerDay-FreeTier', limit: 0 },
        ],
        rate.retryAfterMs || 38_863,
      );
    case 'country':
      return {
        code: 400,
        status: 'FAILED_PRECONDITION',
        message: 'Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.',
      };
    default:
      return {
        code: 402,
        status: 'RESOURCE_EXHAUSTED',
        message:
          'Your prepayment credits are depleted. Please go to AI Studio at https://ai.studio/projects to manage your project and billing. Learn more at https://ai.google.dev/gemini-api/docs/billing#prepay.',
      };
  }
}

const PACIFIC_CLOCK = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric' });

function msUntilPacificMidnight(now: number): number {
  const parts = PACIFIC_CLOCK.formatToParts(new Date(now));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const elapsed = ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + (now % 1000);
  return 86_400_000 - elapsed;
}
