import type { FailureScenario } from '../../core/scenarios.js';
import { estimateTokens } from '../simulated-common.js';
import type { FailureContext, RateState, SimOperation, SimResponse } from '../simulator.js';
import { maskedEcho, wrongProviderEcho } from './simulated-auth.js';
import { cloudflareBlockPage } from './simulated-edge-pages.js';
import { apiHeaders, edgeHeaders, frontHeaders, goDuration, JSON_TYPE, rateLimitHeaders, retryAfterSeconds, shapeRequestId } from './simulated-headers.js';
import { ORGANIZATION_ID, PROJECT_ID } from './simulated-ids.js';
import { errorBody, type ErrorFields, type ErrorLayout } from './simulated-json.js';
import { contextWindow, EMBEDDING_CONTEXT } from './simulated-models.js';
import { contextOverflow, entityTooLarge, invalidJson, invalidUrl, maxTokensUnsupported, modelNotFound } from './simulated-request-errors.js';

/**
 * OpenAI's real error response for each failure scenario, with variants where the API has several.
 * Every fixture names its source: a corpus case (test/fixtures/errors-dev.jsonl, ../shared/corpus/NOTES.md §1),
 * an issue, or a recorded response; "reconstructed" marks what no capture showed exactly.
 */

interface Failure {
  op: SimOperation | null;
  ctx: FailureContext;
  reqId: string;
  model: string;
}

const INVALID = 'invalid_request_error';
const KEY_PAGE = 'You can find your API key at https://platform.openai.com/account/api-keys.';
const RATE_LIMITS_PAGE = 'Visit https://platform.openai.com/account/rate-limits to learn more.';

function respond(f: Failure, status: number, fields: ErrorFields | string, layout: ErrorLayout, layer: 'front' | 'api', extra?: Record<string, string>): SimResponse {
  const body = typeof fields === 'string' ? fields : errorBody(fields, layout);
  const headers = layer === 'front' ? frontHeaders(f.reqId) : apiHeaders(f.reqId, 20 + (f.reqId.charCodeAt(5) % 40));
  return { status, headers: { ...rateLimitHeaders(f.ctx.rate), ...headers, ...extra }, body };
}

/** The key, echoed masked. Source: corpus oa-007…014, oa-085, oa-b015, oa-b016 (401, code invalid_api_key); 4-space body as printed raw in Taiko3615/RenPyChatGPTExample#2. */
function incorrectKey(f: Failure, echo: string): SimResponse {
  return respond(f, 401, { message: `Incorrect API key provided: ${echo}. ${KEY_PAGE}`, type: INVALID, param: null, code: 'invalid_api_key' }, 'legacy', 'front');
}

/** What a restricted key or project without the permission gets. Message: corpus oa-030; status 401: oa-029. Envelope reconstructed. */
function missingScope(f: Failure, scope: string): SimResponse {
  const message = `You have insufficient permissions for this operation. Missing scopes: ${scope}. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.`;
  if (f.ctx.variant === 'bare') return respond(f, 401, `${JSON.stringify({ error: message }, null, 4)}\n`, 'legacy', 'front'); // NOTES.md §1: `error` as a bare string
  return respond(f, 401, { message, type: INVALID, param: null, code: null }, 'legacy', 'front');
}

/** The scope a restricted key lacks for each endpoint: `model.request` (oa-029) for inference; the others reconstructed. */
const ENDPOINT_SCOPE: Record<string, string> = {
  'chat.completions': 'model.request',
  embeddings: 'model.request',
  moderations: 'model.request',
  responses: 'api.responses.write',
  'responses.retrieve': 'api.responses.read',
  'responses.input_items': 'api.responses.read',
  'responses.delete': 'api.responses.write',
  'responses.cancel': 'api.responses.write',
  'conversations.create': 'api.conversations.write',
  'conversations.retrieve': 'api.conversations.read',
  'conversations.update': 'api.conversations.write',
  'conversations.delete': 'api.conversations.write',
  'conversations.items.list': 'api.conversations.read',
  'conversations.items.create': 'api.conversations.write',
  'conversations.items.retrieve': 'api.conversations.read',
  'conversations.items.delete': 'api.conversations.write',
  'models.list': 'api.model.read',
  'models.retrieve': 'api.model.read',
};

const ENDPOINT_PATH: Record<string, string> = {
  'chat.completions': 'POST /v1/chat/completions',
  responses: 'POST /v1/responses',
  embeddings: 'POST /v1/embeddings',
  moderations: 'POST /v1/moderations',
  'models.list': 'GET /v1/models',
};

/** The prompt's tokens, or a short prompt's 9 when there is none to count. */
const promptTokens = (op: SimOperation | null): number => (op && op.promptText.length > 0 ? estimateTokens(op.promptText) : 9);

/**
 * The rate limit that ran out, as the headers and the message must agree on it. When the scenario is
 * forced on a bucket that still has room, the token limit is played as exhausted by this request.
 */
function exhaustedLimit(rate: RateState, requested: number, variant: string | null): { kind: 'requests' | 'tokens'; rate: RateState } {
  if (rate.exhausted) return { kind: rate.exhausted, rate };
  if (variant === 'requests') {
    const waitMs = Math.max(1, Math.ceil(60_000 / Math.max(1, rate.limitRequests)));
    return { kind: 'requests', rate: { ...rate, remainingRequests: 0, resetRequestsMs: waitMs, retryAfterMs: waitMs, exhausted: 'requests' } };
  }
  const waitMs = Math.max(1, Math.ceil((requested * 60_000) / Math.max(1, rate.limitTokens)));
  return { kind: 'tokens', rate: { ...rate, remainingTokens: 0, resetTokensMs: waitMs, retryAfterMs: waitMs, exhausted: 'tokens' } };
}

const FAILURES: Record<FailureScenario, (f: Failure) => SimResponse> = {
  /** Source: corpus oa-039 (2025+ wording, 2-space body); variant `legacy`: the pre-2025 wording (oa-038). */
  key_missing: (f) =>
    f.ctx.variant === 'legacy'
      ? respond(f, 401, {
          message:
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
          type: INVALID,
          param: null,
          code: null,
        }, 'legacy', 'front')
      : respond(f, 401, { message: 'Missing bearer or basic authentication in header', type: INVALID, param: null, code: null }, 'api', 'front'),

  key_invalid: (f) => incorrectKey(f, maskedEcho(f.ctx.key ?? '')),

  /** A revoked, deleted or leak-disabled key gets the same answer as an unknown one (popjane/free_chatgpt_api#15, dan1471/FREE-openai-api-keys#76). */
  key_revoked: (f) => incorrectKey(f, maskedEcho(f.ctx.key ?? '')),

  /** The echo keeps the foreign prefix: oa-085 (AIzaSy…), oa-b016 (sk-or-v1…), oa-064 (sk-ant-…). Variants: anthropic, gemini, openrouter. */
  key_wrong_provider: (f) => incorrectKey(f, wrongProviderEcho(f.ctx.key, f.ctx.variant)),

  /** Default `scopes`: a restricted key (oa-029/oa-030). Variant `no_organization`: oa-028 (OpenHands#2562). Variant `bare`: NOTES.md §1. */
  permission_denied: (f) =>
    f.ctx.variant === 'no_organization'
      ? respond(f, 401, { message: 'You must be a member of an organization to use the API.', type: INVALID, param: null, code: 'no_organization' }, 'legacy', 'front')
      : missingScope(f, 'model.request'),

  /** Source: corpus oa-080 (Lamb-Project/lamb#54): a verification requirement dressed as a bad `stream` value. */
  org_verification_required: (f) =>
    respond(f, 400, {
      message:
        'Your organization must be verified to stream this model. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate.',
      type: INVALID,
      param: 'stream',
      code: 'unsupported_value',
    }, 'api', 'api'),

  /**
   * OpenAI has no per-API switch like Google Cloud's: the closest real answer is a project whose
   * restricted key (or project permissions) has the endpoint set to "None", which answers with the
   * missing scope of that endpoint (message as oa-030; scope names other than model.request reconstructed).
   */
  api_disabled: (f) => missingScope(f, ENDPOINT_SCOPE[f.op?.name ?? 'chat.completions'] ?? 'model.request'),

  /** Default: cassettes chat-bad-model / chat-unknown-model. Variant `project`: oa-b024 (status reconstructed). */
  model_not_found: (f) =>
    f.ctx.variant === 'project'
      ? respond(f, 403, { message: `Project ${PROJECT_ID} does not have access to model ${f.model}`, type: INVALID, param: null, code: 'model_not_found' }, 'legacy', 'front')
      : withRate(modelNotFound(f.reqId, f.model), f),

  /**
   * Default: 429 insufficient_quota, the 2024+ message (oa-004; envelope oa-005). Variant `inactive`:
   * oa-060 byte for byte (billing_not_active). Variant `hard_limit`: oa-b012 (400 billing_hard_limit_reached).
   * No retry-after: retrying never helps (openai/openai-openapi#564 keeps it off billing 429s).
   */
  billing: (f) => {
    if (f.ctx.variant === 'inactive') {
      return respond(f, 429, { message: 'Your account is not active, please check your billing details on our website.', type: 'billing_not_active', param: null, code: 'billing_not_active' }, 'legacy', 'front');
    }
    if (f.ctx.variant === 'hard_limit') {
      return respond(f, 400, { message: 'Billing hard limit has been reached', type: INVALID, param: null, code: 'billing_hard_limit_reached' }, 'sorted', 'front');
    }
    return respond(f, 429, {
      message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      type: 'insufficient_quota',
      param: null,
      code: 'insufficient_quota',
    }, 'legacy', 'front');
  },

  /** Source: oa-b013 (free tier, 200 requests per day; "try again in" is one day over the limit: 7m12s). */
  quota_exceeded: (f) => {
    const limit = 200;
    const waitMs = 86_400_000 / limit;
    return respond(f, 429, {
      message: `Rate limit reached for ${f.model} in organization ${ORGANIZATION_ID} on requests per day (RPD): Limit ${limit}, Used ${limit}, Requested 1. Please try again in ${goDuration(waitMs)}. ${RATE_LIMITS_PAGE} You can increase your rate limit by adding a payment method to your account at https://platform.openai.com/account/billing.`,
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    }, 'legacy', 'api', { 'retry-after': retryAfterSeconds(waitMs) });
  },

  /**
   * TPM (default) or RPM (variant `requests`, or the bucket's own verdict): oa-019, oa-022, oa-026 and
   * continuedev/continue#11472 for the wording; headers agree with the message (remaining 0, reset = the wait).
   */
  rate_limited: (f) => {
    const requested = promptTokens(f.op) + (f.op?.maxTokens ?? 0);
    const { kind, rate } = exhaustedLimit(f.ctx.rate, requested, f.ctx.variant);
    const wait = goDuration(rate.retryAfterMs);
    const message =
      kind === 'requests'
        ? `Rate limit reached for ${f.model} in organization ${ORGANIZATION_ID} on requests per min (RPM): Limit ${rate.limitRequests}, Used ${rate.limitRequests}, Requested 1. Please try again in ${wait}. ${RATE_LIMITS_PAGE}`
        : `Rate limit reached for ${f.model} in organization ${ORGANIZATION_ID} on tokens per min (TPM): Limit ${rate.limitTokens}, Used ${Math.max(0, rate.limitTokens - rate.remainingTokens)}, Requested ${requested}. Please try again in ${wait}. ${RATE_LIMITS_PAGE}`;
    return respond({ ...f, ctx: { ...f.ctx, rate } }, 429, { message, type: kind, param: null, code: 'rate_limit_exceeded' }, 'legacy', 'api', {
      'retry-after': retryAfterSeconds(rate.retryAfterMs),
    });
  },

  /** Source: corpus oa-053…055 (503 server_error; the request id in the text is this response's). */
  overloaded: (f) =>
    respond(f, 503, {
      message: `That model is currently overloaded with other requests. You can retry your request, or contact us through our help center at help.openai.com if the error persists. (Please include the request ID ${f.reqId} in your message.)`,
      type: 'server_error',
      param: null,
      code: null,
    }, 'legacy', 'api'),

  /** Default: the JSON refusal (oa-b009, oa-016, oa-033). Variant `html`: Cloudflare's block page (oa-031, oa-032), no OpenAI headers. */
  region_blocked: (f) => {
    if (f.ctx.variant === 'html') {
      const headers = edgeHeaders(f.reqId);
      return { status: 403, headers, body: cloudflareBlockPage((headers['cf-ray'] ?? '').split('-')[0] ?? '', '127.0.0.1') };
    }
    // Refused at the edge, before any rate limit is counted: no x-ratelimit-* headers
    const body = errorBody({ message: 'Country, region, or territory not supported', type: 'request_forbidden', param: null, code: 'unsupported_country_region_territory' }, 'compact');
    return { status: 403, headers: { ...frontHeaders(f.reqId), 'content-type': JSON_TYPE }, body };
  },

  /** The URL the caller reached, refused (oa-056: even a right-looking path when a proxy rewrote it). */
  wrong_endpoint: (f) => {
    const request = f.ctx.request;
    if (request) return withRate(invalidUrl(f.reqId, request.method, request.path), f);
    const route = f.op?.name === 'models.retrieve' ? `GET /v1/models/${f.model}` : ENDPOINT_PATH[f.op?.name ?? ''] ?? 'POST /v1/chat/completions';
    const [method, path] = route.split(' ');
    return withRate(invalidUrl(f.reqId, method ?? 'POST', path ?? '/v1/chat/completions'), f);
  },

  /** Default: oa-082 (unsupported_parameter). Variant `too_large`: the edge's 413. Variant `invalid_json`: the JSON parse error. */
  bad_request: (f) => {
    if (f.ctx.variant === 'too_large') return entityTooLarge(f.reqId);
    if (f.ctx.variant === 'invalid_json') return withRate(invalidJson(f.reqId), f);
    return withRate(maxTokensUnsupported(f.reqId), f);
  },

  /** The model's window (see contextOverflow). Variant `tpm`: one request over the TPM limit, 429 "Request too large" (oa-021, oa-024, oa-027). */
  context_length_exceeded: (f) => {
    const endpoint = f.op?.name === 'responses' ? 'responses' : f.op?.name === 'embeddings' ? 'embeddings' : 'chat';
    const window = endpoint === 'embeddings' ? EMBEDDING_CONTEXT : contextWindow(f.model);
    const requested = window + promptTokens(f.op);
    if (f.ctx.variant !== 'tpm') return withRate(contextOverflow(f.reqId, endpoint, window, requested), f);
    const limit = f.ctx.rate.limitTokens;
    return respond(f, 429, {
      message: `Request too large for ${f.model} in organization ${ORGANIZATION_ID} on tokens per min (TPM): Limit ${limit}, Requested ${limit + requested}. The input or output tokens must be reduced in order to run successfully. ${RATE_LIMITS_PAGE}`,
      type: 'tokens',
      param: null,
      code: 'rate_limit_exceeded',
    }, 'legacy', 'api');
  },

  /** Default: invalid_prompt (oa-072, the text endpoints). Variant `safety_system`: content_policy_violation (oa-070, byte layout kept). */
  content_blocked: (f) =>
    f.ctx.variant === 'safety_system'
      ? respond(f, 400, {
          message: 'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
          type: INVALID,
          param: null,
          code: 'content_policy_violation',
        }, 'sorted', 'api')
      : respond(f, 400, {
          message: 'Invalid prompt: your prompt was flagged as potentially violating our usage policy. Please try again with a different prompt: https://platform.openai.com/docs/guides/reasoning#advice-on-prompting',
          type: INVALID,
          param: null,
          code: 'invalid_prompt',
        }, 'api', 'api'),

  /** Default: oa-049…051 (500). Variant `request_id`: the newer wording with the request id (oa-052). */
  server_error: (f) =>
    f.ctx.variant === 'request_id'
      ? respond(f, 500, {
          message: `An error occurred while processing your request. You can retry your request, or contact us through our help center at help.openai.com if the error persists. Please include the request ID ${f.reqId} in your message.`,
          type: 'server_error',
          param: null,
          code: 'server_error',
        }, 'legacy', 'api')
      : respond(f, 500, { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null }, 'legacy', 'api'),
};

function withRate(response: SimResponse, f: Failure): SimResponse {
  return { ...response, headers: { ...rateLimitHeaders(f.ctx.rate), ...response.headers } };
}

export function openaiFailure(scenario: FailureScenario, op: SimOperation | null, ctx: FailureContext): SimResponse {
  const failure: Failure = { op, ctx, reqId: shapeRequestId(ctx.requestId), model: op?.model ?? 'gpt-4o-mini' };
  return FAILURES[scenario](failure);
}
