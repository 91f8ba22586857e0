import { answersOf, interleaved } from '../simulated-common.js';
import type { Completion, SimOperation, SimulatedToolCall, StreamFrame, StreamPlan } from '../simulator.js';
import { answerHeaders, answerSeed, chatUsage, finalStatus, responseMessage, responseObject, responseOutputItem, responseOutputText } from './simulated-answers.js';
import { SSE_TYPE } from './simulated-headers.js';
import { chatCompletionId, functionCallItemId, messageItemId, obfuscation, systemFingerprint } from './simulated-ids.js';
import { snapshotOf } from './simulated-models.js';
import { CHAT_TOOL_FINISH, chatArgumentsDelta, chatToolCallOpeningDelta, responsesFunctionCall } from './simulated-tool-calls.js';

/**
 * Streams as the API sends them (content-type text/event-stream; charset=utf-8).
 *
 * Chat completions (cassette chat-streaming, envoyproxy/ai-gateway, 2025-07; `obfuscation` as in chunks
 * recorded 2025-11): `data: <chunk>` frames, the first with role and empty content, one per token, one
 * with the finish reason and an empty delta, then — with `stream_options.include_usage` — one with empty
 * `choices` and the usage (every earlier chunk then carries `"usage":null`), and `data: [DONE]`.
 *
 * Responses (sgl-project/sglang#10822, a gpt-5-nano stream, 2025-09; openai-node event types):
 * `event: <type>` + `data: <event>` frames numbered by `sequence_number`: response.created,
 * response.in_progress, response.output_item.added, response.content_part.added,
 * response.output_text.delta…, response.output_text.done, response.content_part.done,
 * response.output_item.done, and response.completed (response.incomplete when the output was cut by
 * max_output_tokens). There is no `[DONE]`: the last event ends the stream.
 *
 * With `n` > 1 each choice streams its own chunks (role, deltas, finish) under its `index`, the choices
 * taking turns, as in streams recorded with n=2 (gpt-3.5-turbo-0613, quoted in openai-node's issues).
 *
 * A forced function call (./simulated-tool-calls.ts) replaces the text deltas: chat streams the
 * call's arguments in `tool_calls` deltas; Responses opens a function_call item and sends
 * response.function_call_arguments.delta… and .done instead of the content part events.
 */

function chatFrames(op: SimOperation, completion: Completion): StreamFrame[] {
  const model = op.model ?? '';
  const head = `{"id":"${chatCompletionId(completion.id)}","object":"chat.completion.chunk","created":${completion.created},"model":${JSON.stringify(snapshotOf(model))},"service_tier":"default","system_fingerprint":"${systemFingerprint(model)}","choices":`;
  const usageNull = op.includeUsage ? ',"usage":null' : '';
  let sequence = 0;
  const chunk = (choices: string, tail = usageNull): string =>
    `data: ${head}${choices}${tail},"obfuscation":"${obfuscation(completion.id, sequence++)}"}\n\n`;
  const choice = (index: number, delta: string, finish: string | null) =>
    `[{"index":${index},"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]`;

  // Each answer's chunks in order; with `n` > 1 the answers' chunks take turns
  const lanes = answersOf(completion).map((answer, index): StreamFrame[] => {
    const call = answer.toolCall;
    const lane: StreamFrame[] = [{ data: choice(index, call ? chatToolCallOpeningDelta(call) : '{"role":"assistant","content":"","refusal":null}', null) }];
    const pieces = call ? call.fragments.map(chatArgumentsDelta) : answer.tokens.map((token) => `{"content":${JSON.stringify(token)}}`);
    for (const delta of pieces) lane.push({ data: choice(index, delta, null), delta: true });
    lane.push({ data: choice(index, '{}', call ? CHAT_TOOL_FINISH : answer.finishReason) });
    return lane;
  });
  const frames = interleaved(lanes).map((frame) => ({ ...frame, data: chunk(frame.data) }));
  if (op.includeUsage) frames.push({ data: chunk('[]', `,"usage":${JSON.stringify(chatUsage(completion))}`) });
  frames.push({ data: 'data: [DONE]\n\n', terminator: true });
  return frames;
}

function responsesFrames(op: SimOperation, completion: Completion): StreamFrame[] {
  const status = finalStatus(completion);
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  const frames: StreamFrame[] = [
    // A background response waits in a queue before it is generated
    { data: event('response.created', { response: responseObject(op, completion, op.background ? 'queued' : 'in_progress') }) },
    { data: event('response.in_progress', { response: responseObject(op, completion, 'in_progress') }) },
    ...(completion.toolCall ? functionCallFrames(completion, completion.toolCall, event) : messageFrames(completion, status, event)),
  ];
  frames.push({ data: event(`response.${status}`, { response: responseObject(op, completion, status) }), terminator: true });
  return frames;
}

type EventWriter = (type: string, fields: Record<string, unknown>) => string;

function messageFrames(completion: Completion, status: 'completed' | 'incomplete', event: EventWriter): StreamFrame[] {
  const part = { item_id: messageItemId(answerSeed(completion)), output_index: 0, content_index: 0 };
  const frames: StreamFrame[] = [
    { data: event('response.output_item.added', { output_index: 0, item: responseMessage(completion, 'in_progress', []) }) },
    { data: event('response.content_part.added', { ...part, part: responseOutputText(completion, '') }) },
  ];
  completion.tokens.forEach((token, i) => {
    frames.push({ data: event('response.output_text.delta', { ...part, delta: token, logprobs: [], obfuscation: obfuscation(completion.id, i) }), delta: true });
  });
  frames.push(
    { data: event('response.output_text.done', { ...part, text: completion.text, logprobs: [] }) },
    { data: event('response.content_part.done', { ...part, part: responseOutputText(completion) }) },
    { data: event('response.output_item.done', { output_index: 0, item: responseOutputItem(completion, status) }) },
  );
  return frames;
}

/** A forced function call: the item opens with empty arguments, which then arrive piece by piece. */
function functionCallFrames(completion: Completion, call: SimulatedToolCall, event: EventWriter): StreamFrame[] {
  const itemId = functionCallItemId(answerSeed(completion));
  const frames: StreamFrame[] = [{ data: event('response.output_item.added', { item: responsesFunctionCall(call, answerSeed(completion), 'in_progress'), output_index: 0 }) }];
  call.fragments.forEach((fragment, i) => {
    frames.push({ data: event('response.function_call_arguments.delta', { delta: fragment, item_id: itemId, obfuscation: obfuscation(completion.id, i), output_index: 0 }), delta: true });
  });
  frames.push(
    { data: event('response.function_call_arguments.done', { arguments: call.argumentsText, item_id: itemId, output_index: 0 }) },
    { data: event('response.output_item.done', { item: responseOutputItem(completion, 'completed'), output_index: 0 }) },
  );
  return frames;
}

export function openaiStream(op: SimOperation, completion: Completion): StreamPlan {
  const frames = op.name === 'responses' ? responsesFrames(op, completion) : chatFrames(op, completion);
  return { status: 200, headers: answerHeaders(completion, SSE_TYPE), frames };
}
