import { describe } from 'node:test';
import { itClassifies } from '../helpers/expect-category.js';

const googleError = (code: number, status: string, message: string, details: unknown[] = []) => JSON.stringify({ error: { code, message, status, details } });
const quota = (quotaId: string, quotaValue: string) => ({
  '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
  violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId, quotaDimensions: { location: 'global', model: 'gemini-2.5-pro' }, quotaValue }],
});
const retry = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '15s' };
const exceeded = 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.';

describe('Gemini and Vertex errors', () => {
  itClassifies([
    ['per-minute quota is a rate limit', { status: 429, body: googleError(429, 'RESOURCE_EXHAUSTED', exceeded, [quota('GenerateRequestsPerMinutePerProjectPerModel-FreeTier', '5'), retry]) }, 'rate_limited'],
    ['per-day quota', { status: 429, body: googleError(429, 'RESOURCE_EXHAUSTED', exceeded, [quota('GenerateRequestsPerDayPerProjectPerModel-FreeTier', '25'), retry]) }, 'quota_exceeded'],
    ['both windows listed: the daily one decides', { status: 429, body: googleError(429, 'RESOURCE_EXHAUSTED', exceeded, [quota('GenerateRequestsPerMinutePerProjectPerModel-FreeTier', '5'), quota('GenerateRequestsPerDayPerProjectPerModel-FreeTier', '25')]) }, 'quota_exceeded'],
    ['limit 0: no free tier for this model', { status: 429, body: googleError(429, 'RESOURCE_EXHAUSTED', exceeded, [quota('GenerateRequestsPerMinutePerProjectPerModel-FreeTier', '0'), retry]) }, 'billing'],
    ['prepayment depleted (402)', { status: 402, body: googleError(402, 'RESOURCE_EXHAUSTED', 'Your prepayment credits are depleted.') }, 'billing'],
    ['bare resource exhausted', { status: 429, body: googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).') }, 'rate_limited'],
    ['bad key (400)', { status: 400, body: googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }]) }, 'key_invalid'],
    ['missing key (403)', { status: 403, body: googleError(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.") }, 'key_missing'],
    ['leaked key (403)', { status: 403, body: googleError(403, 'PERMISSION_DENIED', 'Your API key was reported as leaked. Please use another API key.') }, 'key_invalid'],
    ['API disabled in the project', { status: 403, body: googleError(403, 'PERMISSION_DENIED', 'Generative Language API has not been used in project 123 before or it is disabled.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED' }]) }, 'permission_denied'],
    ['referrer restriction', { status: 403, body: googleError(403, 'PERMISSION_DENIED', 'Requests from referer <empty> are blocked.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_HTTP_REFERRER_BLOCKED' }]) }, 'permission_denied'],
    ['user location (400 FAILED_PRECONDITION)', { message: "400 FAILED_PRECONDITION. {'error': {'code': 400, 'message': 'User location is not supported for the API use.', 'status': 'FAILED_PRECONDITION'}}" }, 'region_blocked'],
    ['free tier not available in the country', { status: 400, body: googleError(400, 'FAILED_PRECONDITION', 'Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.') }, 'billing'],
    ['unknown model', { status: 404, body: googleError(404, 'NOT_FOUND', 'models/gemini-pro is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.') }, 'model_not_found'],
    ['context window', { status: 400, body: googleError(400, 'INVALID_ARGUMENT', 'The input token count (3475108) exceeds the maximum number of tokens allowed (1048576).') }, 'context_length_exceeded'],
    ['invalid argument', { status: 400, body: googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.') }, 'bad_request'],
    ['safety block on HTTP 200', { status: 200, message: '[GoogleGenerativeAI Error]: Text not available. Response was blocked due to SAFETY' }, 'content_blocked'],
    ['overloaded', { status: 503, body: googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.') }, 'overloaded'],
    ['high demand (2026 wording)', { status: 503, body: googleError(503, 'UNAVAILABLE', 'This model is currently experiencing high demand. Spikes in demand are usually temporary.') }, 'overloaded'],
    ['internal', { status: 500, body: googleError(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting') }, 'server_error'],
    ['deadline exceeded', { status: 504, body: googleError(504, 'DEADLINE_EXCEEDED', 'Deadline exceeded') }, 'timeout'],
    ['@google/genai double-encoded JSON', { message: JSON.stringify({ error: { message: googleError(429, 'RESOURCE_EXHAUSTED', exceeded, [quota('GenerateRequestsPerDayPerProjectPerModel-FreeTier', '25')]), code: 429, status: 'Too Many Requests' } }) }, 'quota_exceeded'],
    ['stream error wrapped in a JSON array', { message: `[${googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }])}]` }, 'key_invalid'],
    ['genai empty-body 404 says too little', { status: 404, message: 'ApiError: {"error":{"message":"","code":404,"status":"Not Found"}}' }, 'unknown'],
    ['Vertex: AI Studio key sent to Vertex', { status: 401, body: googleError(401, 'UNAUTHENTICATED', 'API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials that assert a principal. See https://cloud.google.com/docs/authentication') }, 'key_wrong_provider'],
    ['Vertex: dynamic shared quota', { status: 429, body: googleError(429, 'RESOURCE_EXHAUSTED', 'Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.') }, 'rate_limited'],
    ['Vertex: out of capacity', { message: 'io.grpc.StatusRuntimeException: RESOURCE_EXHAUSTED: Unable to submit request because the service is temporarily out of capacity. Try again later.' }, 'overloaded'],
    ['Vertex: IAM', { status: 403, message: "Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/p/locations/us-central1/publishers/google/models/gemini-pro' (or it may not exist)." }, 'permission_denied'],
    // negatives
    ['OpenAI wording without Gemini markers is not a Gemini rate limit', { message: '429 You exceeded your current quota, please check your plan and billing details.' }, 'billing'],
    ['a per-minute quota alone is not a daily quota', { status: 429, body: googleError(429, 'RESOURCE_EXHAUSTED', exceeded, [quota('GenerateContentInputTokensPerModelPerMinute-FreeTier', '250000')]) }, 'rate_limited'],
  ]);
});
