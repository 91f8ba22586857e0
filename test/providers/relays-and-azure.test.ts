import { describe } from 'node:test';
import { itClassifies } from '../helpers/expect-category.js';

describe('Azure OpenAI errors', () => {
  itClassifies([
    ['bad key or wrong regional endpoint', { status: 401, body: '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}' }, 'key_invalid'],
    ['deployment not found', { status: 404, body: '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}' }, 'model_not_found'],
    ['bad api-version', { status: 404, body: '{"error":{"code":"404","message":"Resource not found"}}' }, 'wrong_endpoint'],
    ['token rate limit', { status: 429, body: '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-02-01 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds."}}' }, 'rate_limited'],
    ['same wording with a 24 h retry is a daily cap', { status: 429, body: '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-02-01 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 86400 seconds."}}' }, 'quota_exceeded'],
    ['capacity shedding as 429', { status: 429, message: 'The system is currently experiencing high demand and cannot process your request. Please retry after 20 seconds.' }, 'overloaded'],
    ['content filter', { status: 400, body: '{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI\'s content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation"}}}' }, 'content_blocked'],
    ['headers only: -1 placeholders', { status: 429, headers: { 'x-ratelimit-limit-tokens': '-1', 'x-ratelimit-remaining-tokens': '-1', 'x-ratelimit-reset-tokens': '0' } }, 'rate_limited'],
  ]);
});

describe('relays and gateways', () => {
  itClassifies([
    ['one-api: no channel, empty model name', { status: 503, message: '当前分组 default 下对于模型  无可用渠道 (request id: 2024021722142043)' }, 'bad_request'],
    ['one-api: no channel for a real model id', { message: '当前分组 default 下对于模型 gpt-4o-mini 无可用渠道 (request id: 2024021722142043)' }, 'server_error'],
    ['one-api: no channel for a model the relay does not offer', { message: '当前分组 default 下对于模型 my-custom-model 无可用渠道' }, 'model_not_found'],
    ['new-api: upstream saturated', { status: 429, message: '当前分组上游负载已饱和，请稍后再试 (request id: 2026052117492183)' }, 'rate_limited'],
    ['relay balance', { status: 403, message: '用户额度不足, 剩余额度: ＄-0.000002 (request id: 2026081909331357)' }, 'billing'],
    ['relay token rejected', { status: 401, message: '无效的令牌 (request id: 2026031815524720)' }, 'key_invalid'],
    ['OpenRouter: balance', { status: 402, message: 'This request requires more credits, or fewer max_tokens. You requested up to 4096 tokens, but can only afford 100. To increase, visit https://openrouter.ai/settings/credits and add more credits' }, 'billing'],
    ['OpenRouter: key monthly limit', { status: 402, message: 'This request requires more credits, or fewer max_tokens. You requested up to 4096 tokens, but can only afford 0. To increase, visit https://openrouter.ai/settings/keys and create a key with a higher monthly limit' }, 'quota_exceeded'],
    ['OpenRouter: free models per day', { status: 429, message: 'Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day' }, 'quota_exceeded'],
    ['OpenRouter: no endpoints', { status: 404, message: 'No endpoints found for meta-llama/llama-3-70b:free.' }, 'model_not_found'],
    ['OpenRouter: no credentials', { status: 401, body: '{"error":{"message":"No auth credentials found","code":401}}' }, 'key_missing'],
    ['OpenRouter wraps the upstream error', { status: 401, body: '{"error":{"message":"Provider returned error","code":401,"metadata":{"raw":"{\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"authentication_error\\",\\"message\\":\\"invalid x-api-key\\"}}","provider_name":"Anthropic"}}}' }, 'key_invalid'],
    ['Cloudflare AI Gateway: no route', { status: 400, body: "{'success': False, 'errors': [{'code': 7000, 'message': 'No route for that URI'}], 'messages': [], 'result': None}" }, 'wrong_endpoint'],
    ['Cloudflare AI Gateway: upstream failure in a 400', { status: 400, body: '{"success":false,"result":[],"messages":[],"error":[{"code":2005,"message":"Failed to get response from provider"}]}' }, 'server_error'],
    ['LiteLLM placeholder virtual key', { status: 401, message: 'litellm.AuthenticationError: Authentication Error, Invalid proxy server token passed. key=sk-1234 not found in db. Create key via `/key/generate` call.' }, 'key_malformed'],
    ['LiteLLM wraps the provider text', { message: 'litellm.RateLimitError: AnthropicException - {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization of 50,000 input tokens per minute."}}' }, 'rate_limited'],
    ['Vercel AI SDK retry wrapper: classify the last error', { message: 'AI_RetryError: Failed after 3 attempts. Last error: The model `gpt-4.5` does not exist or you do not have access to it.' }, 'model_not_found'],
  ]);
});
