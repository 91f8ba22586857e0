import { asRecord } from '../probe.js';
import { answersOf } from '../simulated-common.js';
import type { Completion, SimOperation, SimResponse } from '../simulator.js';
import { embeddingBase64, embeddingVector } from './simulated-embeddings.js';
import { apiHeaders } from './simulated-headers.js';
import { chatCompletionId, messageItemId, moderationId, requestId, responseId, systemFingerprint } from './simulated-ids.js';
import { moderationInputs, moderationResult } from './simulated-moderations.js';
import { conversationParam } from './simulated-conversation-param.js';
import { prettyJson } from './simulated-json.js';
import { CHAT_TOOL_FINISH, chatToolCallMessage, responsesFunctionCall } from './simulated-tool-calls.js';
import { embeddingDimensions, findModel, isReasoningModel, MODEL_CATALOG, snapshotOf, type ModelInfo } from './simulated-models.js';

/**
 * Successful bodies, field for field as the API writes them. Chat completion: cassette chat-basic
 * (envoyproxy/ai-gateway fakeopenai, gpt-4.1-nano, 2025-07). Response object: the API reference example
 * and the streamed objects in sgl-project/sglang#10822 (gpt-5-nano, 2025-09). Embeddings and models:
 * the API reference; models values from real listings (see simulated-models.ts).
 */

/** x-request-id and timings for an answer: answer() gets no request id, so one is derived from the completion. */
export function answerHeaders(completion: Completion, contentType?: string): Record<string, string> {
  return apiHeaders(requestId(completion.id), 120 + completion.outputTokens * 9, contentType);
}

export function chatUsage(completion: Completion) {
  return {
    prompt_tokens: completion.inputTokens,
    completion_tokens: completion.outputTokens,
    total_tokens: completion.inputTokens + completion.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function chatCompletion(op: SimOperation, completion: Completion): string {
  const model = op.model ?? '';
  return prettyJson({
    id: chatCompletionId(completion.id),
    object: 'chat.completion',
    created: completion.created,
    model: snapshotOf(model),
    choices: answersOf(completion).map((answer, index) => ({
      index,
      message: answer.toolCall ? chatToolCallMessage(answer.toolCall) : { role: 'assistant', content: answer.text, refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: answer.toolCall ? CHAT_TOOL_FINISH : answer.finishReason,
    })),
    usage: chatUsage(completion),
    service_tier: 'default',
    system_fingerprint: systemFingerprint(model),
  });
}

export type ResponseStatus = 'queued' | 'in_progress' | 'completed' | 'incomplete' | 'cancelled';

/** A finished response's status: incomplete when max_output_tokens cut it. */
export const finalStatus = (completion: Completion): 'completed' | 'incomplete' => (completion.finishReason === 'length' ? 'incomplete' : 'completed');

export function responseOutputText(completion: Completion, text = completion.text) {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

/**
 * The seed of a Responses answer's ids. The serial keeps them unique when the same prompt is answered again: a
 * stored response is found by its id, and its output items are a conversation's items, found by theirs.
 */
export const answerSeed = (completion: Completion): string => (completion.serial === undefined ? completion.id : `${completion.id}:${completion.serial}`);

export function responseMessage(completion: Completion, status: 'in_progress' | 'completed' | 'incomplete', content: unknown[]) {
  return { id: messageItemId(answerSeed(completion)), type: 'message', status, content, role: 'assistant' };
}

/** The answer as one output item: the message, or the function call the request forced. */
export function responseOutputItem(completion: Completion, status: 'completed' | 'incomplete') {
  if (completion.toolCall) return responsesFunctionCall(completion.toolCall, answerSeed(completion), 'completed');
  return responseMessage(completion, status, [responseOutputText(completion)]);
}

/** The `response` object: queued or in progress (empty output, no usage) at the start of a stream, final at its end. */
export function responseObject(op: SimOperation, completion: Completion, status: ResponseStatus) {
  const model = op.model ?? '';
  const body = op.body;
  const reasoning = isReasoningModel(model);
  const done = status === 'completed' || status === 'incomplete';
  const conversation = conversationParam(body.conversation);
  return {
    id: responseId(answerSeed(completion)),
    object: 'response',
    created_at: completion.created,
    status,
    background: body.background === true,
    ...(conversation ? { conversation: { id: conversation } } : {}),
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    max_output_tokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
    max_tool_calls: null,
    model: snapshotOf(model),
    output: done ? [responseOutputItem(completion, status)] : [],
    parallel_tool_calls: true,
    previous_response_id: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
    prompt_cache_key: null,
    reasoning: { effort: reasoning ? 'medium' : null, summary: null },
    safety_identifier: null,
    service_tier: 'default',
    store: body.store !== false,
    temperature: typeof body.temperature === 'number' ? body.temperature : 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_logprobs: 0,
    top_p: typeof body.top_p === 'number' ? body.top_p : 1,
    truncation: 'disabled',
    usage: done
      ? {
          input_tokens: completion.inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: completion.outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: completion.inputTokens + completion.outputTokens,
        }
      : null,
    user: null,
    metadata: asRecord(body.metadata) ?? {},
  };
}

/** Each input of an embeddings request, as the text its vector is derived from. */
function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((item) => typeof item === 'number')) return [JSON.stringify(input)];
  return input.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

function embeddings(op: SimOperation, completion: Completion): string {
  const model = op.model ?? '';
  const dimensions = typeof op.body.dimensions === 'number' ? op.body.dimensions : embeddingDimensions(model);
  const base64 = op.body.encoding_format === 'base64';
  const data = embeddingInputs(op.body.input).map((text, index) => {
    const vector = embeddingVector(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? embeddingBase64(vector) : vector };
  });
  return prettyJson({ object: 'list', data, model, usage: { prompt_tokens: completion.inputTokens, total_tokens: completion.inputTokens } });
}

export function openaiAnswer(op: SimOperation, completion: Completion): SimResponse {
  const headers = answerHeaders(completion);
  switch (op.name) {
    case 'chat.completions':
      return { status: 200, headers, body: chatCompletion(op, completion) };
    case 'responses':
      // A background response is answered before it is generated
      return { status: 200, headers, body: prettyJson(responseObject(op, completion, op.background ? 'queued' : finalStatus(completion))) };
    case 'embeddings':
      return { status: 200, headers, body: embeddings(op, completion) };
    case 'moderations':
      return { status: 200, headers, body: prettyJson({ id: moderationId(completion.id), model: op.model, results: (moderationInputs(op.body.input) ?? []).map(moderationResult) }) };
    case 'models.retrieve':
      return { status: 200, headers, body: prettyJson(modelObject(findModel(op.model ?? '') ?? { id: op.model ?? '', created: 0, owned_by: 'system' })) };
    default:
      return { status: 200, headers, body: prettyJson({ object: 'list', data: MODEL_CATALOG.map(modelObject) }) };
  }
}

const modelObject = (model: ModelInfo) => ({ id: model.id, object: 'model', created: model.created, owned_by: model.owned_by });
