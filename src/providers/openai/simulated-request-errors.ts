import type { SimResponse } from '../simulator.js';
import { REQUEST_ENTITY_TOO_LARGE_PAGE } from './simulated-edge-pages.js';
import { apiHeaders, edgeHeaders, frontHeaders } from './simulated-headers.js';
import { errorBody, type ErrorFields, type ErrorLayout } from './simulated-json.js';

/**
 * OpenAI's answers to bad input, before any model runs. Each names its source; "reconstructed" marks
 * wording built from the API's message patterns where no capture of that exact case was found.
 */

const INVALID = 'invalid_request_error';

/** An error of the front layer (keys, routing, body parsing, model lookup). */
function front(status: number, reqId: string, fields: ErrorFields, layout: ErrorLayout = 'legacy'): SimResponse {
  return { status, headers: frontHeaders(reqId), body: errorBody(fields, layout) };
}

/** A parameter validation error of the API layer (cassette chat-no-messages: api headers, 2-space body). */
function validation(reqId: string, fields: ErrorFields): SimResponse {
  return { status: 400, headers: apiHeaders(reqId, 20), body: errorBody(fields, 'api') };
}

/** Source: ChatGPTNextWeb/NextChat#4064, microsoft/graphrag#2286; 443-byte body in developersdigest/llm-answer-engine#58. */
export const invalidJson = (reqId: string): SimResponse =>
  front(400, reqId, {
    message:
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    type: INVALID,
    param: null,
    code: null,
  });

/** Any path or method the API does not serve. Source: corpus oa-056 (doubled path), oa-058 (missing /v1). */
export const invalidUrl = (reqId: string, method: string, path: string): SimResponse =>
  front(404, reqId, { message: `Invalid URL (${method} ${path})`, type: INVALID, param: null, code: null }, 'api');

/** Source: lss233/kirara-ai#800 (4-space body), chain-ml/council#45, danielmiessler/Fabric#239. */
export const missingModel = (reqId: string): SimResponse =>
  front(400, reqId, { message: 'you must provide a model parameter', type: INVALID, param: null, code: null });

/** Source: cassette chat-no-messages (envoyproxy/ai-gateway), byte for byte. */
export const missingParameter = (reqId: string, param: string): SimResponse =>
  validation(reqId, { message: `Missing required parameter: '${param}'.`, type: INVALID, param, code: 'missing_required_parameter' });

/** Reconstructed from the API's validation wording ("Invalid type for 'stream': expected a boolean, but got a string instead."). */
export const invalidType = (reqId: string, param: string, expected: string, value: unknown): SimResponse =>
  validation(reqId, {
    message: `Invalid type for '${param}': expected ${expected}, but got ${describeJsonType(value)} instead.`,
    type: INVALID,
    param,
    code: 'invalid_type',
  });

/** Reconstructed from the API's validation wording (code empty_array). */
export const emptyArray = (reqId: string, param: string): SimResponse =>
  validation(reqId, {
    message: `Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
    type: INVALID,
    param,
    code: 'empty_array',
  });

/** Reconstructed from the API's validation wording ("Invalid value: 'bot'. Supported values are: …"). */
export const invalidValue = (reqId: string, param: string, value: unknown, supported: readonly string[]): SimResponse =>
  validation(reqId, {
    message: `Invalid value: '${String(value)}'. Supported values are: ${listOf(supported)}.`,
    type: INVALID,
    param,
    code: 'invalid_value',
  });

/** Source: cassette edge-bad-request ("Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead."). */
export const integerBelowMin = (reqId: string, param: string, min: number, value: number): SimResponse =>
  validation(reqId, {
    message: `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
    type: INVALID,
    param,
    code: 'integer_below_min_value',
  });

/** Reconstructed on the integer_below_min_value pattern (`n` above 128). */
export const integerAboveMax = (reqId: string, param: string, max: number, value: number): SimResponse =>
  validation(reqId, {
    message: `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
    type: INVALID,
    param,
    code: 'integer_above_max_value',
  });

/** Reconstructed on the integer_below_min_value pattern (code decimal_above_max_value / decimal_below_min_value). */
export const decimalOutOfRange = (reqId: string, param: string, bound: 'above' | 'below', limit: number, value: number): SimResponse =>
  validation(reqId, {
    message: `Invalid '${param}': decimal ${bound} ${bound === 'above' ? 'maximum' : 'minimum'} value. Expected a value ${bound === 'above' ? '<=' : '>='} ${limit}, but got ${value} instead.`,
    type: INVALID,
    param,
    code: bound === 'above' ? 'decimal_above_max_value' : 'decimal_below_min_value',
  });

/** Source: corpus oa-082 (reasoning models refuse max_tokens). */
export const maxTokensUnsupported = (reqId: string): SimResponse =>
  validation(reqId, {
    message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    type: INVALID,
    param: 'max_tokens',
    code: 'unsupported_parameter',
  });

/** Reasoning models take only the default temperature. Reconstructed on the unsupported_value pattern of oa-080. */
export const temperatureUnsupported = (reqId: string, value: number): SimResponse =>
  validation(reqId, {
    message: `Unsupported value: 'temperature' does not support ${value} with this model. Only the default (1) value is supported.`,
    type: INVALID,
    param: 'temperature',
    code: 'unsupported_value',
  });

/** One string over 10 MiB (code string_above_max_length, which the classifier reads as a context overflow). Reconstructed. */
export const stringTooLong = (reqId: string, param: string, length: number): SimResponse =>
  validation(reqId, {
    message: `Invalid '${param}': string too long. Expected a string with maximum length 10485760, but got a string with length ${length} instead.`,
    type: INVALID,
    param,
    code: 'string_above_max_length',
  });

/** Source: cassettes chat-bad-model and chat-unknown-model (404, 4-space body, front headers), corpus oa-040…043. */
export const modelNotFound = (reqId: string, model: string): SimResponse =>
  front(404, reqId, { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: INVALID, param: null, code: 'model_not_found' });

/** GET /v1/models/{id} for an unknown id. Reconstructed (the retrieve endpoint quotes with '…' and names the param). */
export const modelRetrieveNotFound = (reqId: string, model: string): SimResponse =>
  front(404, reqId, { message: `The model '${model}' does not exist`, type: INVALID, param: 'model', code: 'model_not_found' });

/**
 * `previous_response_id` not stored in the key's project (never made, `store: false`, deleted, another project's).
 * Source: maximhq/bifrost#2441 (400, code and message), the param as in OpenAI's websocket-mode guide's example.
 */
export const previousResponseNotFound = (reqId: string, id: string): SimResponse =>
  validation(reqId, { message: `Previous response with id '${id}' not found.`, type: INVALID, param: 'previous_response_id', code: 'previous_response_not_found' });

/** `/v1/responses/{id}` for an id not stored in the key's project. Message: 404 quoted in community.openai.com/t/1362217; fields reconstructed. */
export const responseNotFound = (reqId: string, id: string): SimResponse => ({
  ...validation(reqId, { message: `Response with id '${id}' not found.`, type: INVALID, param: null, code: null }),
  status: 404,
});

/**
 * `POST /v1/responses/{id}/cancel` for a response not made with `background: true`. Reconstructed: openai-node says
 * "Only responses created with the `background` parameter set to `true` can be cancelled"; no capture of the error
 * was found, so the message follows that sentence, in the API's 400 shape.
 */
export const notBackgroundResponse = (reqId: string): SimResponse =>
  validation(reqId, { message: 'Only responses created with background=true can be cancelled.', type: INVALID, param: null, code: null });

/**
 * A conversation not stored in the key's project (never made, deleted, another project's), on every
 * `/v1/conversations/{id}` endpoint and as `conversation` on `/v1/responses`. Message: curl captures of
 * GET and DELETE /v1/conversations/{id} (2025-10), the same on /v1/responses (a 2025-10-27 edge-case report,
 * gpt-4o-mini); 404 with param and code null: a proxy's direct-API probe of 2026-08-30 ("conversation unknown").
 */
export const conversationNotFound = (reqId: string, id: string): SimResponse => ({
  ...validation(reqId, { message: `Conversation with id '${id}' not found.`, type: INVALID, param: null, code: null }),
  status: 404,
});

/** An item id not in the conversation. Message: curl capture of GET /v1/conversations/{id}/items/{item_id} (2025-10); param and code reconstructed as the conversation's. */
export const conversationItemNotFound = (reqId: string, id: string): SimResponse => ({
  ...validation(reqId, { message: `Item with id '${id}' not found in conversation.`, type: INVALID, param: null, code: null }),
  status: 404,
});

/**
 * `conversation` with `previous_response_id`. Source: the 2025-10-27 edge-case report and the 2026-08-30
 * direct-API probe, which agree byte for byte: the empty quotes, and 'previous_response_id' elided as the
 * API elides names over 12 characters in its lists; param null.
 */
export const conversationWithPreviousResponse = (reqId: string): SimResponse =>
  validation(reqId, {
    message: "Mutually exclusive parameters: ''. Ensure you are only providing one of: 'pre..._id' or 'conversation'.",
    type: INVALID,
    param: null,
    code: 'mutually_exclusive_parameters',
  });

/** More than 20 items in one request ("You may add up to 20 items at a time", API reference). Reconstructed on the API's array length wording. */
export const tooManyItems = (reqId: string, length: number): SimResponse =>
  validation(reqId, {
    message: `Invalid 'items': array too long. Expected an array with maximum length 20, but got an array with length ${length} instead.`,
    type: INVALID,
    param: 'items',
    code: 'array_above_max_length',
  });

/** A real model that does not chat, sent to /chat/completions. Source: reports for gpt-5.2-pro / gpt-5.4-pro (param 'model'). */
export const notAChatModel = (reqId: string): SimResponse =>
  front(404, reqId, {
    message: 'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?',
    type: INVALID,
    param: 'model',
    code: null,
  });

/** Embeddings with an empty string or list; moderations with an `input` neither text nor parts. Reconstructed from the API's message for an invalid input. */
export const invalidInput = (reqId: string): SimResponse =>
  validation(reqId, {
    message: "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
    type: INVALID,
    param: null,
    code: null,
  });

/**
 * `/v1/moderations` with a model other than an omni one. Message, type and param: the 400 for text-moderation-latest
 * in langgenius/dify#28117 (2025-11); the same answer for any other model is reconstructed.
 */
export const moderationModelRefused = (reqId: string): SimResponse =>
  front(400, reqId, { message: 'please request omni-moderation-latest', type: INVALID, param: 'model', code: null });

/** `dimensions` on text-embedding-ada-002. Reconstructed. */
export const dimensionsUnsupported = (reqId: string): SimResponse =>
  validation(reqId, { message: 'This model does not support specifying dimensions.', type: INVALID, param: null, code: null });

/**
 * A prompt over the model's window. Chat: corpus oa-046/oa-047 wording (param messages). Responses: the
 * 2025 wording (dyad-sh/dyad#1672, anomalyco/opencode#6071; param input). Embeddings: the embeddings
 * wording with "however you requested" (reconstructed).
 */
export function contextOverflow(reqId: string, endpoint: 'chat' | 'responses' | 'embeddings', window: number, requested: number): SimResponse {
  if (endpoint === 'responses') {
    return validation(reqId, { message: 'Your input exceeds the context window of this model. Please adjust your input and try again.', type: INVALID, param: 'input', code: 'context_length_exceeded' });
  }
  if (endpoint === 'embeddings') {
    return validation(reqId, {
      message: `This model's maximum context length is ${window} tokens, however you requested ${requested} tokens (${requested} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
      type: INVALID,
      param: null,
      code: null,
    });
  }
  return validation(reqId, {
    message: `This model's maximum context length is ${window} tokens. However, your messages resulted in ${requested} tokens. Please reduce the length of the messages.`,
    type: INVALID,
    param: 'messages',
    code: 'context_length_exceeded',
  });
}

/** A body over the edge's size limit: Cloudflare answers before OpenAI sees it. Source: openai/codex#2908, #7682. */
export const entityTooLarge = (seed: string): SimResponse => ({ status: 413, headers: edgeHeaders(seed), body: REQUEST_ENTITY_TOO_LARGE_PAGE });

/** "'system', 'assistant', 'user', and 'tool'" */
function listOf(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  if (quoted.length < 2) return quoted.join('');
  if (quoted.length === 2) return `${quoted[0]} and ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  return 'a value';
}
