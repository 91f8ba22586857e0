import type { Completion, SimOperation, StreamFrame, StreamPlan } from '../simulator.js';
import { answerHeaders, chatUsage, responseMessage, responseObject, responseOutputText } from './simulated-answers.js';
import { SSE_TYPE } from './simulated-headers.js';
import { chatCompletionId, messageItemId, obfuscation, systemFingerprint } from './simulated-ids.js';
import { snapshotOf } from './simulated-models.js';

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
 */

function chatFrames(op: SimOperation, completion: Completion): StreamFrame[] {
  const model = op.model ?? '';
  const head = `{"id":"${chatCompletionId(completion.id)}","object":"chat.completion.chunk","created":${completion.created},"model":${JSON.stringify(snapshotOf(model))},"service_tier":"default","system_fingerprint":"${systemFingerprint(model)}","choices":`;
  const usageNull = op.includeUsage ? ',"usage":null' : '';
  let index = 0;
  const chunk = (choices: string, tail = usageNull): string =>
    `data: ${head}${choices}${tail},"obfuscation":"${obfuscation(completion.id, index++)}"}\n\n`;
  const choice = (delta: string, finish: string | null) =>
    `[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]`;

  const frames: StreamFrame[] = [{ data: chunk(choice('{"role":"assistant","content":"","refusal":null}', null)) }];
  for (const token of completion.tokens) frames.push({ data: chunk(choice(`{"content":${JSON.stringify(token)}}`, null)), delta: true });
  frames.push({ data: chunk(choice('{}', completion.finishReason)) });
  if (op.includeUsage) frames.push({ data: chunk('[]', `,"usage":${JSON.stringify(chatUsage(completion))}`) });
  frames.push({ data: 'data: [DONE]\n\n', terminator: true });
  return frames;
}

function responsesFrames(op: SimOperation, completion: Completion): StreamFrame[] {
  const itemId = messageItemId(completion.id);
  const finalStatus = completion.finishReason === 'length' ? 'incomplete' : 'completed';
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  const part = { item_id: itemId, output_index: 0, content_index: 0 };

  const frames: StreamFrame[] = [
    { data: event('response.created', { response: responseObject(op, completion, 'in_progress') }) },
    { data: event('response.in_progress', { response: responseObject(op, completion, 'in_progress') }) },
    { data: event('response.output_item.added', { output_index: 0, item: responseMessage(completion, 'in_progress', []) }) },
    { data: event('response.content_part.added', { ...part, part: responseOutputText(completion, '') }) },
  ];
  completion.tokens.forEach((token, i) => {
    frames.push({ data: event('response.output_text.delta', { ...part, delta: token, logprobs: [], obfuscation: obfuscation(completion.id, i) }), delta: true });
  });
  frames.push(
    { data: event('response.output_text.done', { ...part, text: completion.text, logprobs: [] }) },
    { data: event('response.content_part.done', { ...part, part: responseOutputText(completion) }) },
    { data: event('response.output_item.done', { output_index: 0, item: responseMessage(completion, finalStatus, [responseOutputText(completion)]) }) },
    { data: event(`response.${finalStatus}`, { response: responseObject(op, completion, finalStatus) }), terminator: true },
  );
  return frames;
}

export function openaiStream(op: SimOperation, completion: Completion): StreamPlan {
  const frames = op.name === 'responses' ? responsesFrames(op, completion) : chatFrames(op, completion);
  return { status: 200, headers: answerHeaders(completion, SSE_TYPE), frames };
}
