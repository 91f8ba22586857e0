import type { FailureScenario } from '../../core/scenarios.js';
import type { FailureContext, SimOperation, SimResponse } from '../simulator.js';
import { googleError, type GoogleStatus } from './simulated-envelope.js';
import {
  apiDisabled,
  badRequestError,
  contextLengthExceeded,
  keyInvalid,
  keyMissing,
  keyRevoked,
  modelNotFound,
  orgVerificationRequired,
  overloaded,
  permissionDenied,
  regionBlocked,
  serverError,
} from './simulated-errors.js';
import { notFoundPage } from './simulated-html.js';
import { billing, quotaExceeded, rateLimited } from './simulated-quota-errors.js';
import { styleOfOperation, styleOfRequest } from './simulated-request-style.js';
import { contentBlocked } from './simulated-safety.js';
import { errorSubject, type ErrorSubject } from './simulated-subject.js';

type StatusScenario = Exclude<FailureScenario, 'wrong_endpoint' | 'content_blocked'>;

const STATUS_BUILDERS: Record<StatusScenario, (subject: ErrorSubject) => GoogleStatus> = {
  key_missing: keyMissing,
  key_invalid: keyInvalid,
  key_revoked: keyRevoked,
  key_wrong_provider: keyInvalid,
  permission_denied: permissionDenied,
  org_verification_required: orgVerificationRequired,
  api_disabled: apiDisabled,
  model_not_found: modelNotFound,
  billing: (s) => billing(s, s.ctx.rate),
  quota_exceeded: (s) => quotaExceeded(s, s.ctx.rate),
  rate_limited: (s) => rateLimited(s, s.ctx.rate),
  overloaded,
  region_blocked: regionBlocked,
  bad_request: badRequestError,
  context_length_exceeded: (s) => contextLengthExceeded(s),
  server_error: serverError,
};

/** The Gemini API's answer to a failure scenario, framed as the request asked (JSON, SSE or array). */
export function geminiFailure(scenario: FailureScenario, op: SimOperation | null, ctx: FailureContext): SimResponse {
  // Key and country errors come before parsing, yet Google frames them as the request asked
  const request = ctx.request ? { style: styleOfRequest(ctx.request), path: ctx.request.path } : { style: 'json' as const, path: '/' };
  const style = op ? styleOfOperation(op) : request.style;
  const subject = errorSubject(op, ctx, request.path);
  if (scenario === 'wrong_endpoint') return notFoundPage(request.path, ctx.variant);
  if (scenario === 'content_blocked') return contentBlocked(subject, ctx.requestId.slice(0, 23), style);
  return googleError(STATUS_BUILDERS[scenario](subject), style);
}
