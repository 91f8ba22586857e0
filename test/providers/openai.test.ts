import { describe } from 'node:test';
import { itClassifies } from '../helpers/expect-category.js';

const envelope = (message: string, type: string, code: string | null, param: string | null = null) => JSON.stringify({ error: { message, type, param, code } });

describe('OpenAI errors', () => {
  itClassifies([
    ['429 insufficient_quota is an empty wallet', { status: 429, body: envelope('You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota') }, 'billing'],
    ['openai-node message only', { message: '429 You exceeded your current quota, please check your plan and billing details.' }, 'billing'],
    ['billing_not_active', { status: 429, body: envelope('Your account is not active, please check your billing details on our website.', 'billing_not_active', 'billing_not_active') }, 'billing'],
    ['TPM limit', { status: 429, body: envelope('Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 2s.', 'tokens', 'rate_limit_exceeded') }, 'rate_limited'],
    ['RPD limit is a daily quota', { status: 429, body: envelope('Rate limit reached for gpt-4o-mini in organization org-x on requests per day (RPD): Limit 200, Used 200, Requested 1. Please try again in 7m12s.', 'requests', 'rate_limit_exceeded') }, 'quota_exceeded'],
    ['one request over the TPM limit', { status: 429, body: envelope('Request too large for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Requested 31538. The input or output tokens must be reduced in order to run successfully.', 'tokens', 'rate_limit_exceeded') }, 'context_length_exceeded'],
    ['slow_down', { status: 429, body: envelope('Please reduce the rate at which you send requests.', 'rate_limit_error', 'slow_down') }, 'rate_limited'],
    ['unknown key', { status: 401, message: "Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-****ABCD. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}" }, 'key_invalid'],
    ['masked echo of an Anthropic key', { status: 401, message: '401 Incorrect API key provided: sk-ant-a***AAAA. You can find your API key at https://platform.openai.com/account/api-keys.' }, 'key_wrong_provider'],
    ['masked echo of a placeholder', { status: 401, message: '401 Incorrect API key provided: YOUR_API_KEY. You can find your API key at https://platform.openai.com/account/api-keys.' }, 'key_malformed'],
    ['masked echo with a space inside', { status: 401, message: 'Incorrect API key provided: sk jj. You can find your API key at https://platform.openai.com/account/api-keys.' }, 'key_malformed'],
    ['masked echo of undefined', { status: 401, message: '401 Incorrect API key provided: undefined. You can find your API key at https://platform.openai.com/account/api-keys.' }, 'key_missing'],
    ['no key (2025 wording)', { status: 401, body: envelope('Missing bearer or basic authentication in header', 'invalid_request_error', null) }, 'key_missing'],
    ['no key (old wording)', { status: 401, body: envelope("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", 'invalid_request_error', null) }, 'key_missing'],
    ['SDK: env var missing', { message: 'OpenAIError: The OPENAI_API_KEY environment variable is missing or empty; either provide it, or instantiate the OpenAI client with an apiKey option.' }, 'key_missing'],
    ['no organization', { status: 401, body: envelope('You must be a member of an organization to use the API.', 'invalid_request_error', 'no_organization') }, 'permission_denied'],
    ['restricted key scopes', { status: 401, body: JSON.stringify({ error: 'You have insufficient permissions for this operation. Missing scopes: model.request.' }) }, 'permission_denied'],
    ['verification required, disguised as a bad parameter', { status: 400, body: envelope('Your organization must be verified to stream this model.', 'invalid_request_error', 'unsupported_value', 'stream') }, 'permission_denied'],
    ['unsupported country', { status: 403, body: '{"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory not supported","param":null,"type":"request_forbidden"}}' }, 'region_blocked'],
    ['Cloudflare block page', { status: 403, body: '<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1><h2>You are unable to access api.openai.com</h2></body></html>' }, 'region_blocked'],
    ['unknown model', { status: 404, body: envelope('The model `gpt-5-turbo` does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found') }, 'model_not_found'],
    ['doubled path', { status: 404, body: envelope('Invalid URL (POST /v1/chat/completions/chat/completions)', 'invalid_request_error', null) }, 'wrong_endpoint'],
    ['context window', { status: 400, body: envelope("This model's maximum context length is 128000 tokens. However, your messages resulted in 204308 tokens.", 'invalid_request_error', 'context_length_exceeded', 'messages') }, 'context_length_exceeded'],
    ['unsupported parameter', { status: 400, body: envelope("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'invalid_request_error', 'unsupported_parameter', 'max_tokens') }, 'bad_request'],
    ['safety system', { status: 400, body: envelope('Your request was rejected as a result of our safety system.', 'invalid_request_error', 'content_policy_violation') }, 'content_blocked'],
    ['overloaded (503)', { status: 503, body: envelope('That model is currently overloaded with other requests. You can retry your request.', 'server_error', null) }, 'overloaded'],
    ['overloaded (seen as 429)', { status: 429, body: envelope('That model is currently overloaded with other requests. You can retry your request.', 'server_error', null) }, 'overloaded'],
    ['server error', { status: 500, body: envelope('The server had an error while processing your request. Sorry about that!', 'server_error', null) }, 'server_error'],
    ['SDK timeout', { message: 'APIConnectionTimeoutError: Request timed out.' }, 'timeout'],
    ['stream error event without status', { message: 'An error occurred while processing your request. You can retry your request, or contact us through our help center at help.openai.com', body: { type: 'server_error', code: 'server_error', message: 'An error occurred while processing your request.' } }, 'server_error'],
    // negatives: the same status means something else when the fields say so
    ['a 429 with rate_limit_exceeded is not billing', { status: 429, body: envelope('Rate limit reached for requests', 'requests', 'rate_limit_exceeded') }, 'rate_limited'],
    ['a 400 with an ordinary bad parameter is not permission', { status: 400, body: envelope("Invalid value for 'temperature': must be between 0 and 2.", 'invalid_request_error', 'invalid_value', 'temperature') }, 'bad_request'],
  ]);
});
