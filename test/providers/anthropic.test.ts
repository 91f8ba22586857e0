import { describe } from 'node:test';
import { itClassifies } from '../helpers/expect-category.js';

const body = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_011Test' });

describe('Anthropic errors', () => {
  itClassifies([
    ['unknown key', { status: 401, body: body('authentication_error', 'invalid x-api-key') }, 'key_invalid'],
    ['missing key', { status: 401, body: body('authentication_error', 'x-api-key header is required') }, 'key_missing'],
    ['SDK: no credentials', { message: 'Error: Could not resolve authentication method. Expected either apiKey or authToken to be set.' }, 'key_missing'],
    ['subscription OAuth token used as an API key', { status: 401, body: body('authentication_error', 'OAuth authentication is currently not supported.') }, 'key_wrong_provider'],
    ['API key sent as Bearer through the OpenAI SDK', { status: 401, body: body('authentication_error', 'Invalid bearer token') }, 'key_wrong_provider'],
    ['credit balance (HTTP 400)', { status: 400, body: body('invalid_request_error', 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.') }, 'billing'],
    ['workspace spend limit (HTTP 400)', { status: 400, body: body('invalid_request_error', 'You have reached your specified API usage limits. You will regain access on 2025-07-01 at 00:00 UTC.') }, 'quota_exceeded'],
    ['disabled organization (HTTP 400)', { status: 400, body: body('invalid_request_error', 'This organization has been disabled.') }, 'permission_denied'],
    ['permission_error', { status: 403, body: body('permission_error', 'Your API key does not have permission to use the specified resource.') }, 'permission_denied'],
    ['geo block: bare 403 at the edge', { status: 403, headers: { server: 'cloudflare', 'cf-ray': '8de2cf14682c20dc-HKG' }, body: '{"error":{"type":"forbidden","message":"Request not allowed"}}' }, 'region_blocked'],
    ['geo block seen through the SDK class name', { message: 'PermissionDeniedError: 403 {"error":{"type":"forbidden","message":"Request not allowed"}}' }, 'region_blocked'],
    ['short-window rate limit', { status: 429, headers: { 'anthropic-ratelimit-tokens-remaining': '0', 'retry-after': '12' }, body: body('rate_limit_error', 'This request would exceed the rate limit for your organization of 40,000 input tokens per minute.') }, 'rate_limited'],
    ['subscription usage window', { status: 429, body: body('rate_limit_error', "This request would exceed your account's rate limit. Please try again later.") }, 'quota_exceeded'],
    ['long-context entitlement', { status: 429, body: body('rate_limit_error', 'Extra usage is required for long context requests.') }, 'billing'],
    ['529 overloaded', { message: 'Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }, 'overloaded'],
    ['overloaded reported as api_error', { status: 500, body: body('api_error', 'Overloaded') }, 'overloaded'],
    ['internal error', { status: 500, body: body('api_error', 'Internal server error') }, 'server_error'],
    ['unknown model', { status: 404, body: body('not_found_error', 'model: claude-3-5-sonnet-latest ') }, 'model_not_found'],
    ['unknown path', { status: 404, body: body('not_found_error', 'Not Found') }, 'wrong_endpoint'],
    ['prompt too long', { status: 400, body: body('invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum') }, 'context_length_exceeded'],
    ['413 request size vs context window', { status: 413, body: body('invalid_request_error', 'Request size exceeds model context window') }, 'context_length_exceeded'],
    ['413 over 32 MB is a bad request', { status: 413, body: '{"error":{"type":"request_too_large","message":"Request exceeds the maximum size"}}' }, 'bad_request'],
    ['max_tokens too high', { status: 400, body: body('invalid_request_error', 'max_tokens: 10000 > 4096, which is the maximum allowed number of output tokens for claude-3-5-sonnet-20240620') }, 'bad_request'],
    ['stream error event: content filter', { status: 200, message: 'event: error\ndata: {"type":"error","error":{"details":null,"type":"invalid_request_error","message":"Output blocked by content filtering policy"}}' }, 'content_blocked'],
    ['Envoy 503 "Connection refused" is upstream, not the client network', { status: 503, message: 'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused' }, 'server_error'],
    // negatives
    ['an ordinary 400 is not billing', { status: 400, body: body('invalid_request_error', 'messages: field required') }, 'bad_request'],
    ['a 403 permission_error is not a geo block', { status: 403, body: body('permission_error', 'not allowed to use this model') }, 'permission_denied'],
  ]);
});
