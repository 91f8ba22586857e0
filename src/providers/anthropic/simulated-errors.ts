import type { FailureScenario } from '../../core/scenarios.js';
import { estimateTokens } from '../simulated-common.js';
import type { FailureContext, SimOperation, SimResponse } from '../simulator.js';
import { anthropicRateLimitHeaders, apiHeaders, edgeHeaders } from './simulated-headers.js';
import { anthropicMessageId, anthropicRequestId, SIMULATED_ORGANIZATION_ID } from './simulated-ids.js';
import { findModel } from './simulated-models.js';
import { errorFrame, messageStartFrame, streamHeaders, textBlockOpeningFrames } from './simulated-stream.js';

/**
 * The API's error answers: `{"type":"error","error":{"type":…,"message":…},"request_id":"req_…"}`
 * (https://docs.anthropic.com/en/api/errors), each fixture with the paste it was copied from.
 * `x-should-retry` is "true" on 429/500/529 (anthropic-sdk-typescript#616 for 529) and "false" on
 * the others (writingmate/chatlabs#35 for a 400).
 */

interface ErrorOptions {
  requestId?: string;
  /** False before the key was accepted: no `anthropic-organization-id` then. */
  authenticated?: boolean;
  /** `error.details`, when the API sends one. */
  details?: unknown;
  /** The body's `request_id` (`null` in some incident answers); the header keeps the real id. */
  bodyRequestId?: string | null;
  headers?: Record<string, string>;
}

export function apiError(status: number, type: string, message: string, options: ErrorOptions = {}): SimResponse {
  const requestId = options.requestId ?? anthropicRequestId();
  const headers = apiHeaders(requestId, 'application/json', options.authenticated ?? true);
  headers['x-should-retry'] = status === 429 || status >= 500 ? 'true' : 'false';
  if (status === 529) headers['cache-control'] = 'no-store, no-cache';
  const error = options.details === undefined ? { type, message } : { type, message, details: options.details };
  const bodyRequestId = options.bodyRequestId === undefined ? requestId : options.bodyRequestId;
  return { status, headers: { ...headers, ...options.headers }, body: JSON.stringify({ type: 'error', error, request_id: bodyRequestId }) };
}

export function invalidRequest(message: string, options?: ErrorOptions): SimResponse {
  return apiError(400, 'invalid_request_error', message, options);
}

/** `model: <id>`, the id as sent, trailing space and all (corpus an-022, an-023). */
export function modelNotFound(model: string, options?: ErrorOptions): SimResponse {
  return apiError(404, 'not_found_error', `model: ${model}`, options);
}

/** A path or method the API does not serve: bare "Not Found" (corpus an-024, an-052). */
export function routeNotFound(options?: ErrorOptions): SimResponse {
  return apiError(404, 'not_found_error', 'Not Found', options);
}

/** Answered by Cloudflare, not the API: `{"error":…}` without `type` or `request_id` (corpus an-006, an-037, an-038). */
function edgeError(status: number, type: string, message: string, pop: string): SimResponse {
  return { status, headers: edgeHeaders('application/json', pop), body: JSON.stringify({ error: { type, message } }) };
}

/** An error event after HTTP 200, following the opening frames of a stream. */
function inStreamError(op: SimOperation | null, type: string, message: string, requestId: string): SimResponse {
  const model = op?.model ?? 'claude-sonnet-4-5';
  const opening = messageStartFrame(model, anthropicMessageId(requestId), estimateTokens(op?.promptText ?? '')) + textBlockOpeningFrames().join('');
  return { status: 200, headers: streamHeaders(requestId), body: opening + errorFrame(type, message, requestId) };
}

const RATE_LIMIT_DOCS =
  'For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. ' +
  'Please reduce the prompt length or the maximum tokens requested, or try again later. ' +
  'You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.';

/**
 * 429 rate_limit_error with `retry-after` and the rate headers showing the empty bucket. Text of a
 * 2026 input-token limit (corpus an-020); the requests-per-minute form is the same sentence with
 * "requests per minute" (reconstructed: no paste of it was found).
 */
function rateLimited(ctx: FailureContext, requestId: string): SimResponse {
  const rate = ctx.rate;
  const retryAfterMs = Math.max(1000, rate.retryAfterMs);
  const byRequests = rate.exhausted === 'requests';
  const shown = byRequests
    ? { ...rate, remainingRequests: 0, resetRequestsMs: Math.max(rate.resetRequestsMs, retryAfterMs) }
    : { ...rate, remainingTokens: 0, resetTokensMs: Math.max(rate.resetTokensMs, retryAfterMs) };
  const limit = byRequests ? `${rate.limitRequests.toLocaleString('en-US')} requests per minute` : `${rate.limitTokens.toLocaleString('en-US')} input tokens per minute`;
  const message = `This request would exceed the rate limit for your organization (${SIMULATED_ORGANIZATION_ID}) of ${limit}. ${RATE_LIMIT_DOCS}`;
  return apiError(429, 'rate_limit_error', message, {
    requestId,
    headers: { ...anthropicRateLimitHeaders(shown), 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
  });
}

/** "You will regain access on 2025-07-01 at 00:00 UTC": the first day of next month (corpus an-031). */
function nextMonth(now: number): string {
  const date = new Date(now);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

const OAUTH_NOT_SUPPORTED = 'OAuth authentication is currently not supported.';
/** Claude subscription tokens (`sk-ant-oat01-…`), refused by the API with the OAuth message. */
const SUBSCRIPTION_TOKEN_PREFIX = 'sk-ant-oat';

export function anthropicFailure(scenario: FailureScenario, op: SimOperation | null, ctx: FailureContext): SimResponse {
  const requestId = anthropicRequestId(ctx.requestId);
  const anonymous = { requestId, authenticated: false };
  const known = { requestId };
  const variant = ctx.variant;
  switch (scenario) {
    case 'key_missing':
      // {"type":"error","error":{"type":"authentication_error","message":"x-api-key header is required"},"request_id":"req_011Cei…"}
      return apiError(401, 'authentication_error', 'x-api-key header is required', anonymous);
    case 'key_invalid':
    case 'key_revoked':
      // A subscription token gets the OAuth answer (anthropics/claude-code#6131); any other unknown,
      // revoked or foreign key "invalid x-api-key" (corpus an-001; ITSpecialist111/ai_automation_suggester#153, 2026).
      if (ctx.key?.startsWith(SUBSCRIPTION_TOKEN_PREFIX)) return apiError(401, 'authentication_error', OAUTH_NOT_SUPPORTED, anonymous);
      return apiError(401, 'authentication_error', 'invalid x-api-key', anonymous);
    case 'key_wrong_provider':
      // `bearer`: "Invalid bearer token" (AndyMik90/Aperant#1421, poco-ai/poco-claw#10, corpus an-026);
      // default: a Claude subscription OAuth token used as an API key (anthropics/claude-code#6131).
      if (variant === 'bearer') return apiError(401, 'authentication_error', 'Invalid bearer token', anonymous);
      return apiError(401, 'authentication_error', OAUTH_NOT_SUPPORTED, anonymous);
    case 'permission_denied':
      // anthropics/claude-code#51610
      return apiError(403, 'permission_error', 'Permission denied', known);
    case 'org_verification_required':
      // Anthropic has no verification gate; the closest real answer is an organization held until an
      // admin acts: 400 with details.error_code organization_on_hold (quoted from a 2026-09 log in a
      // public repository; the details shape as in a measured 2026 permission_error with error_code).
      return invalidRequest('This organization has been disabled. An organization admin can appeal at https://console.anthropic.com/appeal', {
        ...known,
        details: { error_code: 'organization_on_hold' },
      });
    case 'api_disabled':
      // No per-API switch exists at Anthropic; a disabled organization is the closest (corpus an-035, anthropics/claude-code#19028).
      return invalidRequest('This organization has been disabled.', known);
    case 'model_not_found':
      return modelNotFound(op?.model ?? '', known);
    case 'billing':
      // `long_context`: the 1M-context entitlement, a 429 (corpus an-033); default: corpus an-011.
      if (variant === 'long_context') return apiError(429, 'rate_limit_error', 'Extra usage is required for long context requests.', known);
      return invalidRequest('Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.', known);
    case 'quota_exceeded':
      // `subscription`: the Claude plan's usage window (corpus an-054, anthropics/claude-code#71670); default: workspace spend limit (corpus an-031).
      if (variant === 'subscription') return apiError(429, 'rate_limit_error', "This request would exceed your account's rate limit. Please try again later.", known);
      return invalidRequest(`You have reached your specified API usage limits. You will regain access on ${nextMonth(ctx.rate.now)} at 00:00 UTC.`, known);
    case 'rate_limited':
      // `server`: the 2026 "Rate limited" answer to load shedding (anthropics/claude-code#71670).
      if (variant === 'server') return apiError(429, 'rate_limit_error', 'Rate limited', known);
      return rateLimited(ctx, requestId);
    case 'overloaded':
      // `stream`: mid-stream after HTTP 200 (corpus an-b006); `api_error`: a 500 saying "Overloaded" with
      // request_id null (corpus an-b005); default: 529 (corpus an-014, headers of an-b004).
      if (variant === 'stream') return inStreamError(op, 'overloaded_error', 'Overloaded', requestId);
      if (variant === 'api_error') return apiError(500, 'api_error', 'Overloaded', { ...known, bodyRequestId: null });
      return apiError(529, 'overloaded_error', 'Overloaded', known);
    case 'region_blocked':
      // Cloudflare's answer for an unsupported country (corpus an-037, ray from HKG); `html`: the 2023 page (corpus an-010).
      if (variant === 'html') {
        const html = '<!doctype html><meta charset="utf-8"><meta name=viewport content="width=device-width, initial-scale=1"><title>403</title>403 Forbidden';
        return { status: 403, headers: edgeHeaders('text/html', 'HKG'), body: html };
      }
      return edgeError(403, 'forbidden', 'Request not allowed', 'HKG');
    case 'wrong_endpoint':
      return routeNotFound(known);
    case 'bad_request':
      return badRequest(op, variant, known);
    case 'context_length_exceeded':
      return contextTooLong(op, variant, known);
    case 'content_blocked':
      // A stream is cut by an error event after HTTP 200 (warpdotdev/warp#14131); otherwise a 400 (corpus an-046).
      if (op?.stream) return inStreamError(op, 'invalid_request_error', 'Output blocked by content filtering policy', requestId);
      return invalidRequest('Output blocked by content filtering policy', known);
    case 'server_error':
      // corpus an-017
      return apiError(500, 'api_error', 'Internal server error', known);
  }
}

/**
 * `too_large`: the 32 MB edge limit (corpus an-038). Default: max_tokens over the model's cap, worded
 * as in corpus an-029; the request asked for twice the cap (the scenario forces the refusal).
 */
function badRequest(op: SimOperation | null, variant: string | null, options: ErrorOptions): SimResponse {
  if (variant === 'too_large') return edgeError(413, 'request_too_large', 'Request exceeds the maximum size', 'SJC');
  const model = findModel(op?.model ?? '') ?? findModel('claude-sonnet-4-5')!;
  const cap = model.maxOutputTokens;
  const asked = op?.maxTokens !== null && op?.maxTokens !== undefined && op.maxTokens > cap ? op.maxTokens : cap * 2;
  return invalidRequest(`max_tokens: ${asked} > ${cap}, which is the maximum allowed number of output tokens for ${model.id}`, options);
}

/**
 * Default: "prompt is too long: 208310 tokens > 200000 maximum" (corpus an-027); `max_tokens`: input
 * plus max_tokens over the window (corpus an-b008); `size`: the 413 (corpus an-040).
 */
function contextTooLong(op: SimOperation | null, variant: string | null, options: ErrorOptions): SimResponse {
  const window = findModel(op?.model ?? '')?.contextWindow ?? 200_000;
  const input = estimateTokens(op?.promptText ?? '');
  if (variant === 'size') return apiError(413, 'invalid_request_error', 'Request size exceeds model context window', options);
  if (variant === 'max_tokens') {
    const maxTokens = Math.max(op?.maxTokens ?? 0, window - input + 1);
    return invalidRequest(`input length and \`max_tokens\` exceed context limit: ${input} + ${maxTokens} > ${window}, decrease input length or \`max_tokens\` and try again`, options);
  }
  return invalidRequest(`prompt is too long: ${window + 1 + input} tokens > ${window} maximum`, options);
}
