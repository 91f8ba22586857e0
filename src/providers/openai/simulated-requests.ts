import { asRecord } from '../probe.js';
import { decodePathPart, estimateTokens, firstHeader, simOperation, type SimParsed } from '../simulated-common.js';
import type { OperationName, SimOperation, SimRequest, SimResponse } from '../simulator.js';
import { requestId } from './simulated-ids.js';
import {
  contextWindow,
  EMBEDDING_CONTEXT,
  findModel,
  isChatModel,
  isEmbeddingModel,
  isNonChatModel,
  isReasoningModel,
  isResponsesModel,
} from './simulated-models.js';
import { parseConversationRequest } from './simulated-conversation-requests.js';
import { conversationParam } from './simulated-conversation-param.js';
import { CONVERSATION } from './simulated-conversations.js';
import { DEFAULT_MODERATION_MODEL, MODERATION_MODELS, moderationInputs } from './simulated-moderations.js';
import * as errors from './simulated-request-errors.js';
import { RESPONSE } from './simulated-stored-responses.js';
import { chatForcedTool, responsesForcedTool } from './simulated-tool-choice.js';
import { choicesAsked } from './wire-choices.js';

/**
 * Routing and validation as api.openai.com does them, in its order: the URL, the JSON body, required
 * parameters and their types, the model, then limits. A body sent without a JSON content type is not
 * read as JSON at all, so the API finds no model in it ("you must provide a model parameter", the classic
 * answer to a curl call without `-H "Content-Type: application/json"`).
 */

type Body = Record<string, unknown>;

const MAX_STRING = 10_485_760;
const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const;
const ROLE_SET = new Set<string>(ROLES);
const ENCODINGS = ['float', 'base64'] as const;
const MODEL_PATH = '/v1/models/';
/** The most choices one chat request may ask for (`n`). */
const MAX_CHOICES = 128;

/** Parse errors get fresh request ids; the mock hands none to parse(). */
let parseCount = 0;
const freshRequestId = (): string => requestId(`parse:${++parseCount}`);

function operation(name: OperationName, model: string | null, body: Body, promptText: string, extra: Partial<SimOperation> = {}): { op: SimOperation } {
  return { op: simOperation(name, model, { stream: body.stream === true, body, promptText, ...extra }) };
}

export function parseOpenaiRequest(req: SimRequest): SimParsed {
  const { method, path } = req;
  const storedResponse = parseStoredResponse(method, path, req.query);
  if (storedResponse) return storedResponse;
  const conversation = parseConversationRequest(req, () => readJsonBody(req), freshRequestId);
  if (conversation) return conversation;
  if (method === 'GET') {
    if (path === '/v1/models') return operation('models.list', null, {}, '');
    if (path.startsWith(MODEL_PATH) && path.length > MODEL_PATH.length) {
      const id = decodePathPart(path.slice(MODEL_PATH.length));
      if (!findModel(id)) return { error: errors.modelRetrieveNotFound(freshRequestId(), id) };
      return operation('models.retrieve', id, {}, '');
    }
  } else if (method === 'POST') {
    const validate = POST_ROUTES[path];
    if (validate) {
      const body = readJsonBody(req);
      return 'error' in body ? body : validate(body.json, freshRequestId);
    }
  }
  return { error: errors.invalidUrl(freshRequestId(), method, path) };
}

const RESPONSES_PATH = '/v1/responses/';

/**
 * `GET`/`DELETE /v1/responses/{id}`, `GET /v1/responses/{id}/input_items` and `POST /v1/responses/{id}/cancel`: a
 * stored response read (whole, or streamed again after `starting_after`), deleted or cancelled.
 */
function parseStoredResponse(method: string, path: string, query: URLSearchParams): SimParsed | null {
  if (!path.startsWith(RESPONSES_PATH)) return null;
  const [id, tail, ...rest] = path.slice(RESPONSES_PATH.length).split('/');
  if (!id || rest.length > 0) return null;
  const stored = (use: 'read' | 'change' | 'delete') => ({ kind: RESPONSE, id: decodePathPart(id), use });
  if (tail === undefined && method === 'GET') {
    const startingAfter = Number.parseInt(query.get('starting_after') ?? '', 10);
    const replay = { stream: query.get('stream') === 'true', ...(Number.isInteger(startingAfter) && { startingAfter }) };
    return operation('responses.retrieve', null, {}, '', { stored: stored('read'), ...replay });
  }
  if (tail === undefined && method === 'DELETE') return operation('responses.delete', null, {}, '', { stored: stored('delete') });
  if (tail === 'input_items' && method === 'GET') return operation('responses.input_items', null, {}, '', { stored: stored('read') });
  if (tail === 'cancel' && method === 'POST') return operation('responses.cancel', null, {}, '', { stored: stored('change') });
  return null;
}

const POST_ROUTES: Record<string, (body: Body, reqId: () => string) => SimParsed> = {
  '/v1/chat/completions': parseChat,
  '/v1/responses': parseResponses,
  '/v1/embeddings': parseEmbeddings,
  '/v1/moderations': parseModerations,
};

function readJsonBody(req: SimRequest): { json: Body } | { error: SimResponse } {
  const contentType = firstHeader(req, 'content-type');
  if (!contentType || !contentType.toLowerCase().includes('json')) return { json: {} };
  try {
    const json: unknown = JSON.parse(req.rawBody.toString('utf8'));
    if (isRecord(json)) return { json };
  } catch {
    // falls through to the API's parse error
  }
  return { error: errors.invalidJson(freshRequestId()) };
}

function parseChat(body: Body, reqId: () => string): SimParsed {
  const model = body.model;
  if (typeof model !== 'string' || model === '') return { error: errors.missingModel(reqId()) };
  const messages = body.messages;
  if (messages === undefined || messages === null) return { error: errors.missingParameter(reqId(), 'messages') };
  if (!Array.isArray(messages)) return { error: errors.invalidType(reqId(), 'messages', 'an array', messages) };
  if (messages.length === 0) return { error: errors.emptyArray(reqId(), 'messages') };
  const texts: string[] = [];
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message)) return { error: errors.invalidType(reqId(), `messages[${i}]`, 'an object', message) };
    if (message.role === undefined) return { error: errors.missingParameter(reqId(), `messages[${i}].role`) };
    if (typeof message.role !== 'string' || !ROLE_SET.has(message.role)) return { error: errors.invalidValue(reqId(), `messages[${i}].role`, message.role, ROLES) };
    const text = contentText(message.content);
    if (text === null) return { error: errors.invalidType(reqId(), `messages[${i}].content`, 'one of a string or array of objects', message.content) };
    if (typeof message.content === 'string' && message.content.length > MAX_STRING) return { error: errors.stringTooLong(reqId(), `messages[${i}].content`, message.content.length) };
    texts.push(text);
  }
  const common = checkCommon(body, reqId, ['max_tokens', 'max_completion_tokens'], 1) ?? checkChoices(body.n, reqId);
  if (common) return { error: common };

  if (isNonChatModel(model)) return { error: errors.notAChatModel(reqId()) };
  if (!isChatModel(model)) return { error: errors.modelNotFound(reqId(), model) };
  if (isReasoningModel(model)) {
    if (body.max_tokens !== undefined && body.max_tokens !== null) return { error: errors.maxTokensUnsupported(reqId()) };
    if (typeof body.temperature === 'number' && body.temperature !== 1) return { error: errors.temperatureUnsupported(reqId(), body.temperature) };
  }
  const promptText = texts.join('\n');
  const maxTokens = integerOrNull(body.max_completion_tokens) ?? integerOrNull(body.max_tokens);
  const requested = estimateTokens(promptText) + (maxTokens ?? 0);
  if (requested > contextWindow(model)) return { error: errors.contextOverflow(reqId(), 'chat', contextWindow(model), requested) };
  return operation('chat.completions', model, body, promptText, {
    maxTokens,
    includeUsage: body.stream === true && asRecord(body.stream_options)?.include_usage === true,
    forcedTool: chatForcedTool(body),
    answers: choicesAsked(body),
  });
}

function parseResponses(body: Body, reqId: () => string): SimParsed {
  const model = body.model;
  if (typeof model !== 'string' || model === '') return { error: errors.missingParameter(reqId(), 'model') };
  const input = body.input;
  const inputText = input === undefined || input === null ? '' : typeof input === 'string' ? input : Array.isArray(input) ? inputItemsText(input) : null;
  if (inputText === null) return { error: errors.invalidType(reqId(), 'input', 'one of a string or array of input items', input) };
  if (typeof input === 'string' && input.length > MAX_STRING) return { error: errors.stringTooLong(reqId(), 'input', input.length) };
  if (body.instructions !== undefined && body.instructions !== null && typeof body.instructions !== 'string') {
    return { error: errors.invalidType(reqId(), 'instructions', 'a string', body.instructions) };
  }
  const previous = body.previous_response_id;
  if (previous !== undefined && previous !== null && typeof previous !== 'string') return { error: errors.invalidType(reqId(), 'previous_response_id', 'a string', previous) };
  if (body.store !== undefined && body.store !== null && typeof body.store !== 'boolean') return { error: errors.invalidType(reqId(), 'store', 'a boolean', body.store) };
  if (body.background !== undefined && body.background !== null && typeof body.background !== 'boolean') return { error: errors.invalidType(reqId(), 'background', 'a boolean', body.background) };
  const conversation = conversationParam(body.conversation);
  // Reconstructed wording: no capture of a `conversation` of the wrong type was found
  if (conversation === undefined) return { error: errors.invalidType(reqId(), 'conversation', 'one of a string or an object', body.conversation) };
  const common = checkCommon(body, reqId, ['max_output_tokens'], 16);
  if (common) return { error: common };
  if (conversation !== null && typeof previous === 'string') return { error: errors.conversationWithPreviousResponse(reqId()) };

  if (!isResponsesModel(model)) return { error: errors.modelNotFound(reqId(), model) };
  if (isReasoningModel(model) && typeof body.temperature === 'number' && body.temperature !== 1) {
    return { error: errors.temperatureUnsupported(reqId(), body.temperature) };
  }
  const promptText = typeof body.instructions === 'string' && body.instructions !== '' ? `${body.instructions}\n${inputText}` : inputText;
  const maxTokens = integerOrNull(body.max_output_tokens);
  const requested = estimateTokens(promptText) + (maxTokens ?? 0);
  if (requested > contextWindow(model)) return { error: errors.contextOverflow(reqId(), 'responses', contextWindow(model), requested) };
  return operation('responses', model, body, promptText, {
    maxTokens,
    forcedTool: responsesForcedTool(body),
    ...(body.background === true && { background: true as const }),
    ...(conversation !== null ? { stored: { kind: CONVERSATION, id: conversation, use: 'continue' as const } } : {}),
    ...(typeof previous === 'string' ? { stored: { kind: RESPONSE, id: previous, use: 'continue' as const } } : {}),
  });
}

function parseEmbeddings(body: Body, reqId: () => string): SimParsed {
  const model = body.model;
  if (typeof model !== 'string' || model === '') return { error: errors.missingModel(reqId()) };
  if (body.input === undefined || body.input === null) return { error: errors.missingParameter(reqId(), 'input') };
  const inputs = embeddingTexts(body.input);
  if (inputs === null) return { error: errors.invalidInput(reqId()) };
  const format = body.encoding_format;
  if (format !== undefined && format !== null && !(ENCODINGS as readonly unknown[]).includes(format)) {
    return { error: errors.invalidValue(reqId(), 'encoding_format', format, ENCODINGS) };
  }
  if (!isEmbeddingModel(model)) return { error: errors.modelNotFound(reqId(), model) };
  if (body.dimensions !== undefined && body.dimensions !== null) {
    if (typeof body.dimensions !== 'number' || !Number.isInteger(body.dimensions)) return { error: errors.invalidType(reqId(), 'dimensions', 'an integer', body.dimensions) };
    if (model === 'text-embedding-ada-002') return { error: errors.dimensionsUnsupported(reqId()) };
    if (body.dimensions < 1) return { error: errors.integerBelowMin(reqId(), 'dimensions', 1, body.dimensions) };
  }
  for (const text of inputs) {
    const tokens = estimateTokens(text);
    if (tokens > EMBEDDING_CONTEXT) return { error: errors.contextOverflow(reqId(), 'embeddings', EMBEDDING_CONTEXT, tokens) };
  }
  return operation('embeddings', model, body, inputs.join('\n'), { stream: false });
}

/** `model` may be left out: OpenAI then uses omni-moderation-latest. */
function parseModerations(body: Body, reqId: () => string): SimParsed {
  if (body.input === undefined || body.input === null) return { error: errors.missingParameter(reqId(), 'input') };
  const inputs = moderationInputs(body.input);
  if (inputs === null) return { error: errors.invalidInput(reqId()) };
  const model = body.model ?? DEFAULT_MODERATION_MODEL;
  if (typeof model !== 'string' || !(MODERATION_MODELS as readonly string[]).includes(model)) return { error: errors.moderationModelRefused(reqId()) };
  return operation('moderations', model, body, inputs.map((input) => input.text).join('\n'), { stream: false });
}

/** Type and range checks shared by the generating endpoints. */
function checkCommon(body: Body, reqId: () => string, tokenParams: readonly string[], minTokens: number): SimResponse | null {
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') return errors.invalidType(reqId(), 'stream', 'a boolean', body.stream);
  for (const param of tokenParams) {
    const value = body[param];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) return errors.invalidType(reqId(), param, 'an integer', value);
    if (value < minTokens) return errors.integerBelowMin(reqId(), param, minTokens, value);
  }
  const temperature = body.temperature;
  if (temperature !== undefined && temperature !== null) {
    if (typeof temperature !== 'number') return errors.invalidType(reqId(), 'temperature', 'a decimal', temperature);
    if (temperature > 2) return errors.decimalOutOfRange(reqId(), 'temperature', 'above', 2, temperature);
    if (temperature < 0) return errors.decimalOutOfRange(reqId(), 'temperature', 'below', 0, temperature);
  }
  return null;
}

/** `n`, the number of choices: an integer from 1 to 128. */
function checkChoices(n: unknown, reqId: () => string): SimResponse | null {
  if (n === undefined || n === null) return null;
  if (typeof n !== 'number' || !Number.isInteger(n)) return errors.invalidType(reqId(), 'n', 'an integer', n);
  if (n < 1) return errors.integerBelowMin(reqId(), 'n', 1, n);
  return n > MAX_CHOICES ? errors.integerAboveMax(reqId(), 'n', MAX_CHOICES, n) : null;
}

/** A message's text: a string, text parts, or null content (an assistant's tool call). Null when the type is wrong. */
function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) return null;
  const texts: string[] = [];
  for (const part of content) {
    if (!isRecord(part)) return null;
    if (typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join('\n');
}

/** Responses input items: messages (`{role, content}`) with string or part content, and tool outputs. */
function inputItemsText(items: unknown[]): string {
  const texts: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') texts.push(item);
    else if (isRecord(item)) {
      const text = contentText(item.content);
      if (text) texts.push(text);
      if (typeof item.output === 'string') texts.push(item.output);
    }
  }
  return texts.join('\n');
}

/** Embedding inputs as texts: strings, or token arrays (four characters a token, as the mock counts). Null when invalid. */
function embeddingTexts(input: unknown): string[] | null {
  if (typeof input === 'string') return input === '' ? null : [input];
  if (!Array.isArray(input) || input.length === 0) return null;
  if (input.every((item) => typeof item === 'number')) return ['tokn'.repeat(input.length)];
  const texts: string[] = [];
  for (const item of input) {
    if (typeof item === 'string' && item !== '') texts.push(item);
    else if (Array.isArray(item) && item.length > 0 && item.every((t) => typeof t === 'number')) texts.push('tokn'.repeat(item.length));
    else return null;
  }
  return texts;
}

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

const isRecord = (value: unknown): value is Body => asRecord(value) !== null;
