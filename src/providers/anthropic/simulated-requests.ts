import { asRecord } from '../probe.js';
import { decodePathPart, estimateTokens, simOperation, type SimParsed } from '../simulated-common.js';
import type { SimOperation, SimRequest } from '../simulator.js';
import { invalidRequest, modelNotFound, routeNotFound } from './simulated-errors.js';
import { invalidJsonMessage } from './simulated-json-error.js';
import { findListedModel, findModel } from './simulated-models.js';
import { thinkingBudgetOf, thinkingError } from './simulated-thinking.js';
import { anthropicForcedTool } from './simulated-tool-choice.js';

/**
 * Reading a request as api.anthropic.com does: the route, the `anthropic-version` header, the JSON
 * body, then the fields, each refusal with the API's own words. Validation texts follow the API's
 * `<field>: <pydantic message>` form: "max_tokens: Field required" (many pastes, e.g.
 * anthropics/claude-code issues), "messages: Unexpected role \"system\"…" (real 400s with request ids),
 * "messages: text content blocks must be non-empty" (anthropics/claude-code#53473).
 */

/**
 * Versions the API accepts (https://docs.anthropic.com/en/api/versioning: 2023-01-01, 2023-06-01),
 * plus 2026-10-21, which @anthropic-ai/sdk 1.x sends (client.ts, "add support for new API version
 * 2026-10-21" in its changelog).
 */
const VERSIONS = new Set(['2023-01-01', '2023-06-01', '2026-10-21']);
const MODELS_PREFIX = '/v1/models/';
const DIGITS = /^\d+$/;

export function parseAnthropicRequest(req: SimRequest): SimParsed {
  const route = routeOf(req.method, req.path);
  if (route === null) return { error: routeNotFound() };
  const versionError = checkVersion(req.headers['anthropic-version']);
  if (versionError) return { error: invalidRequest(versionError) };
  if (route === 'models.list') return listModels(req.query);
  if (route === 'models.retrieve') return retrieveModel(decodePathPart(req.path.slice(MODELS_PREFIX.length)));
  return parseMessages(route, req.rawBody);
}

type Route = 'messages' | 'messages.count_tokens' | 'models.list' | 'models.retrieve';

function routeOf(method: string, path: string): Route | null {
  if (method === 'POST') {
    if (path === '/v1/messages') return 'messages';
    if (path === '/v1/messages/count_tokens') return 'messages.count_tokens';
    return null;
  }
  if (method !== 'GET') return null;
  if (path === '/v1/models') return 'models.list';
  if (path.startsWith(MODELS_PREFIX) && path.length > MODELS_PREFIX.length && !path.includes('/', MODELS_PREFIX.length)) return 'models.retrieve';
  return null;
}

/**
 * Missing: "anthropic-version: header is required" (PipedreamHQ/pipedream#9697, envoyproxy/ai-gateway#1909);
 * unknown: `anthropic-version: "2023-10-01" is not a valid version` (directus-labs/extensions#285), a
 * duplicated header arriving as "2023-06-01, 2023-06-01" (decolua/9router#2357).
 */
function checkVersion(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (value === undefined || value === '') return 'anthropic-version: header is required';
  if (!VERSIONS.has(value)) return `anthropic-version: ${JSON.stringify(value)} is not a valid version`;
  return null;
}

/**
 * Pagination (`limit` 1–1000, default 20; `after_id`, `before_id`: https://docs.anthropic.com/en/api/models-list)
 * travels to `answer()` in `body`, as GET requests have no body of their own.
 */
function listModels(query: URLSearchParams): SimParsed {
  const limitText = query.get('limit');
  let limit = 20;
  if (limitText !== null) {
    limit = Number(limitText);
    if (!DIGITS.test(limitText)) return { error: invalidRequest('limit: Input should be a valid integer, unable to parse string as an integer') };
    if (limit < 1) return { error: invalidRequest('limit: Input should be greater than or equal to 1') };
    if (limit > 1000) return { error: invalidRequest('limit: Input should be less than or equal to 1000') };
  }
  const body: Record<string, unknown> = { limit };
  const afterId = query.get('after_id');
  const beforeId = query.get('before_id');
  if (afterId !== null) body.after_id = afterId;
  if (beforeId !== null) body.before_id = beforeId;
  return { op: simOperation('models.list', null, { body }) };
}

function retrieveModel(id: string): SimParsed {
  const model = findListedModel(id);
  if (!model) return { error: modelNotFound(id) };
  return { op: simOperation('models.retrieve', model.id) };
}

function parseMessages(name: 'messages' | 'messages.count_tokens', rawBody: Buffer): SimParsed {
  const text = rawBody.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: invalidRequest(invalidJsonMessage(text)) };
  }
  const body = asRecord(parsed);
  if (!body) {
    // Reconstructed: pydantic's wording when the body is JSON but not an object.
    return { error: invalidRequest('Input should be a valid dictionary or object to extract fields from') };
  }
  const fieldError = checkFields(name, body);
  if (fieldError) return { error: invalidRequest(fieldError) };

  const requested = body.model as string;
  const model = findModel(requested);
  if (!model) return { error: modelNotFound(requested) };
  const promptText = promptOf(body);
  const inputTokens = estimateTokens(promptText);
  if (inputTokens > model.contextWindow) {
    return { error: invalidRequest(`prompt is too long: ${inputTokens} tokens > ${model.contextWindow} maximum`) };
  }
  if (name === 'messages.count_tokens') return { op: simOperation(name, requested, { body, promptText }) };

  const maxTokens = body.max_tokens as number;
  if (maxTokens > model.maxOutputTokens) {
    return { error: invalidRequest(`max_tokens: ${maxTokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${model.id}`) };
  }
  if (inputTokens + maxTokens > model.contextWindow) {
    return { error: invalidRequest(`input length and \`max_tokens\` exceed context limit: ${inputTokens} + ${maxTokens} > ${model.contextWindow}, decrease input length or \`max_tokens\` and try again`) };
  }
  const forcedTool = anthropicForcedTool(body);
  const thinking = thinkingError(body, maxTokens, forcedTool !== undefined);
  if (thinking) return { error: invalidRequest(thinking) };
  return { op: simOperation(name, requested, { body, promptText, maxTokens, stream: body.stream === true, forcedTool, thinkingBudget: thinkingBudgetOf(body) }) };
}

/** The first field the API would refuse, in its words; null when all are fine. */
function checkFields(name: SimOperation['name'], body: Record<string, unknown>): string | null {
  if (body.model === undefined) return 'model: Field required';
  if (typeof body.model !== 'string') return 'model: Input should be a valid string';
  if (body.messages === undefined) return 'messages: Field required';
  if (!Array.isArray(body.messages)) return 'messages: Input should be a valid list';
  if (body.messages.length === 0) return 'messages: at least one message is required';
  for (const [i, message] of body.messages.entries()) {
    const error = checkMessage(message as Record<string, unknown> | null, i);
    if (error) return error;
  }
  if (name === 'messages') {
    const maxTokens = body.max_tokens;
    if (maxTokens === undefined) return 'max_tokens: Field required';
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) return 'max_tokens: Input should be a valid integer';
    if (maxTokens < 1) return 'max_tokens: Input should be greater than or equal to 1';
    if (body.stream !== undefined && typeof body.stream !== 'boolean') return 'stream: Input should be a valid boolean';
  }
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) return 'system: Input should be a valid string';
  return null;
}

function checkMessage(message: Record<string, unknown> | null, i: number): string | null {
  if (message === null || typeof message !== 'object') return `messages.${i}: Input should be a valid dictionary or object to extract fields from`;
  if (message.role === 'system') {
    return 'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.';
  }
  if (message.role !== 'user' && message.role !== 'assistant') return `messages.${i}.role: Input should be 'user' or 'assistant'`;
  const content = message.content;
  if (content === undefined) return `messages.${i}.content: Field required`;
  if (typeof content === 'string') return content.length === 0 ? 'messages: text content blocks must be non-empty' : null;
  if (!Array.isArray(content)) return `messages.${i}.content: Input should be a valid list`;
  for (const block of content as unknown[]) {
    const b = block as Record<string, unknown> | null;
    if (b && b.type === 'text' && (typeof b.text !== 'string' || b.text.length === 0)) return 'messages: text content blocks must be non-empty';
  }
  return null;
}

/** System prompt and every text the caller sent, in order: what the answer and the counts derive from. */
function promptOf(body: Record<string, unknown>): string {
  const parts: string[] = [];
  collectText(body.system, parts);
  for (const message of body.messages as Record<string, unknown>[]) collectText(message.content, parts);
  return parts.join('\n');
}

function collectText(content: unknown, parts: string[]): void {
  if (typeof content === 'string') {
    parts.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const block of content as Record<string, unknown>[]) {
    if (!block || typeof block !== 'object') continue;
    if (typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'tool_result') collectText(block.content, parts);
  }
}
