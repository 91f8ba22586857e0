import type { RateState } from '../simulator.js';
import { cloudflareRay, SIMULATED_ORGANIZATION_ID } from './simulated-ids.js';

/**
 * Response headers of api.anthropic.com. The set on API answers follows a full 529 captured by the
 * TypeScript SDK (anthropic-sdk-typescript#616: request-id, server: cloudflare, cf-ray,
 * cf-cache-status, via: 1.1 google, x-robots-tag, x-should-retry) and a 400 (writingmate/chatlabs#35:
 * x-should-retry: false); `anthropic-organization-id` on authenticated answers
 * (https://docs.anthropic.com/en/api/overview, "Response headers").
 */

/** The PoP in cf-ray of answers that reached the API (anthropic-sdk-typescript#616). */
const API_POP = 'SJC';

export function apiHeaders(requestId: string, contentType: string, authenticated: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'request-id': requestId,
  };
  if (authenticated) headers['anthropic-organization-id'] = SIMULATED_ORGANIZATION_ID;
  headers['via'] = '1.1 google';
  headers['cf-cache-status'] = 'DYNAMIC';
  headers['server'] = 'cloudflare';
  headers['cf-ray'] = cloudflareRay(API_POP);
  headers['x-robots-tag'] = 'none';
  return headers;
}

/**
 * What Cloudflare sends when it answers by itself (geo block, 32 MB limit): no request-id, no
 * anthropic-* header (corpus an-037, headers of a real 403 whose ray ends in the refusing PoP).
 */
export function edgeHeaders(contentType: string, pop: string): Record<string, string> {
  return { 'content-type': contentType, server: 'cloudflare', 'cf-ray': cloudflareRay(pop), 'x-robots-tag': 'none' };
}

/** RFC 3339 to the second, as the reset headers carry it ("2024-03-14T18:01:12Z"). */
function resetAt(now: number, inMs: number): string {
  return new Date(Math.ceil((now + inMs) / 1000) * 1000).toISOString().slice(0, 19) + 'Z';
}

/** "The number of tokens remaining (rounded to the nearest thousand)" (docs, rate limits, response headers). */
function roundedTokens(remaining: number, limit: number): string {
  if (limit < 1000) return String(remaining);
  return String(Math.min(limit, Math.round(remaining / 1000) * 1000));
}

/**
 * Output tokens per minute are metered apart from input tokens by the real API; the mock has one
 * token bucket, so OTPM is reported as a fifth of it (the tier-1 ratio 50,000 ITPM / 10,000 OTPM):
 * a reconstruction, kept consistent with the bucket.
 */
const OUTPUT_SHARE = 5;

/**
 * `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}` on every
 * answer (https://docs.anthropic.com/en/api/rate-limits#response-headers).
 */
export function anthropicRateLimitHeaders(rate: RateState): Record<string, string> {
  const tokensReset = resetAt(rate.now, rate.resetTokensMs);
  const outputLimit = Math.max(1, Math.floor(rate.limitTokens / OUTPUT_SHARE));
  const outputRemaining = Math.floor(rate.remainingTokens / OUTPUT_SHARE);
  return {
    'anthropic-ratelimit-requests-limit': String(rate.limitRequests),
    'anthropic-ratelimit-requests-remaining': String(rate.remainingRequests),
    'anthropic-ratelimit-requests-reset': resetAt(rate.now, rate.resetRequestsMs),
    'anthropic-ratelimit-input-tokens-limit': String(rate.limitTokens),
    'anthropic-ratelimit-input-tokens-remaining': roundedTokens(rate.remainingTokens, rate.limitTokens),
    'anthropic-ratelimit-input-tokens-reset': tokensReset,
    'anthropic-ratelimit-output-tokens-limit': String(outputLimit),
    'anthropic-ratelimit-output-tokens-remaining': roundedTokens(outputRemaining, outputLimit),
    'anthropic-ratelimit-output-tokens-reset': tokensReset,
    'anthropic-ratelimit-tokens-limit': String(rate.limitTokens),
    'anthropic-ratelimit-tokens-remaining': roundedTokens(rate.remainingTokens, rate.limitTokens),
    'anthropic-ratelimit-tokens-reset': tokensReset,
  };
}
