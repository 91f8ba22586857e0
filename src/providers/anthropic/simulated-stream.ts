import type { Completion, SimOperation, SimulatedThinking, SimulatedToolCall, StreamFrame, StreamPlan } from '../simulator.js';
import { stopReasonOf } from './simulated-content.js';
import { apiHeaders } from './simulated-headers.js';
import { anthropicMessageId, anthropicRequestId, anthropicToolUseId } from './simulated-ids.js';
import { findModel } from './simulated-models.js';
import { thinkingSignature } from './simulated-thinking.js';

/**
 * The Messages SSE stream, frame for frame as api.anthropic.com sent it in a capture of 2026-08-28
 * (claude-haiku-4-5; quoted in a public test suite, "ANTHROPIC_LIVE_TOOL_FRAMES"): message_start,
 * content_block_start, `event: ping` with `{"type": "ping"}`, content_block_delta…, content_block_stop,
 * message_delta (stop_reason, stop_details, cumulative usage), message_stop. The live wire pads each
 * JSON object with spaces before its closing brace; so does this one. Text blocks open with
 * `{"type":"text","text":""}` and grow by `text_delta` (https://docs.anthropic.com/en/docs/build-with-claude/streaming).
 */

const PADDING = [7, 0, 5, 11, 3, 9, 1, 13, 2, 6];
const SPACES = '             ';

function frame(event: string, json: string, index: number): string {
  const pad = SPACES.slice(0, PADDING[index % PADDING.length]);
  return `event: ${event}\ndata: ${json.slice(0, -1)}${pad}}\n\n`;
}

const PING = 'event: ping\ndata: {"type": "ping"}\n\n';

/** The message object as message_start carries it: no content yet, stop_reason null. */
export function messageStartFrame(model: string, id: string, inputTokens: number): string {
  const geo = findModel(model)?.inferenceGeo ?? 'not_available';
  const message =
    `{"model":${JSON.stringify(model)},"id":"${id}","type":"message","role":"assistant","content":[],"stop_reason":null,` +
    `"stop_sequence":null,"stop_details":null,"usage":{"input_tokens":${inputTokens},"cache_creation_input_tokens":0,` +
    `"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},` +
    `"output_tokens":1,"service_tier":"standard","inference_geo":"${geo}"}}`;
  return frame('message_start', `{"type":"message_start","message":${message}}`, 0);
}

export function textBlockOpeningFrames(): string[] {
  return [frame('content_block_start', '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}', 1), PING];
}

/**
 * An error after the HTTP 200, as the API sends it mid-stream: `details` first and null
 * (warpdotdev/warp#14131: `{"type":"error","error":{"details":null,"type":"invalid_request_error",
 * "message":"Output blocked by content filtering policy"},"request_id":"req_…"}`).
 */
export function errorFrame(type: string, message: string, requestId: string): string {
  return `event: error\ndata: {"type":"error","error":{"details":null,"type":"${type}","message":${JSON.stringify(message)}},"request_id":"${requestId}"}\n\n`;
}

export function streamHeaders(requestId: string): Record<string, string> {
  const headers = apiHeaders(requestId, 'text/event-stream; charset=utf-8', true);
  headers['cache-control'] = 'no-cache';
  return headers;
}

export function anthropicStream(op: SimOperation, completion: Completion): StreamPlan {
  const model = op.model ?? '';
  const frames: StreamFrame[] = [{ data: messageStartFrame(model, anthropicMessageId(completion.id), completion.inputTokens) }];
  let index = 0;
  if (completion.thinking) frames.push(...thinkingBlockFrames(completion.thinking, thinkingSignature(completion.id), index++));
  if (completion.toolCall) frames.push(...toolUseBlockFrames(completion.toolCall, index));
  else frames.push(...textBlockFrames(completion, index));
  frames.push({
    data: frame(
      'message_delta',
      `{"type":"message_delta","delta":{"stop_reason":"${stopReasonOf(completion)}","stop_sequence":null,"stop_details":null},` +
        `"usage":{"input_tokens":${completion.inputTokens},"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":${completion.outputTokens}}}`,
      4,
    ),
  });
  frames.push({ data: frame('message_stop', '{"type":"message_stop"}', 5), terminator: true });
  return { status: 200, headers: streamHeaders(anthropicRequestId()), frames };
}

/**
 * One content block: its start (the first block of the message is followed by the ping), its
 * deltas (paced; `unpaced` ones carry nothing to read and go around them), its stop.
 */
function blockFrames(index: number, contentBlock: string, deltas: string[], unpaced: { before?: string[]; after?: string[] } = {}): StreamFrame[] {
  const delta = (json: string, padding: number): string => frame('content_block_delta', `{"type":"content_block_delta","index":${index},"delta":${json}}`, padding);
  const frames: StreamFrame[] = [{ data: frame('content_block_start', `{"type":"content_block_start","index":${index},"content_block":${contentBlock}}`, 1) }];
  if (index === 0) frames.push({ data: PING });
  for (const json of unpaced.before ?? []) frames.push({ data: delta(json, 6) });
  deltas.forEach((json, i) => frames.push({ data: delta(json, i + 2), delta: true }));
  for (const json of unpaced.after ?? []) frames.push({ data: delta(json, 6) });
  frames.push({ data: frame('content_block_stop', `{"type":"content_block_stop","index":${index}}`, 3) });
  return frames;
}

function textBlockFrames(completion: Completion, index: number): StreamFrame[] {
  return blockFrames(index, '{"type":"text","text":""}', completion.tokens.map((token) => `{"type":"text_delta","text":${JSON.stringify(token)}}`));
}

/**
 * Thinking, as a recorded claude-sonnet-4-5 stream sends it (vercel/ai
 * packages/anthropic/src/__fixtures__/anthropic-clear-thinking.1.chunks.txt): the block opens with
 * empty thinking and signature, grows by `thinking_delta`, ends with an empty thinking_delta and
 * one `signature_delta`; the text block follows at the next index, without a ping.
 */
function thinkingBlockFrames(thinking: SimulatedThinking, signature: string, index: number): StreamFrame[] {
  const deltas = thinking.tokens.map((token) => `{"type":"thinking_delta","thinking":${JSON.stringify(token)}}`);
  const after = ['{"type":"thinking_delta","thinking":""}', `{"type":"signature_delta","signature":"${signature}"}`];
  return blockFrames(index, '{"type":"thinking","thinking":"","signature":""}', deltas, { after });
}

/**
 * A forced tool (vercel/ai packages/anthropic/src/__fixtures__/anthropic-json-tool.1.chunks.txt,
 * claude-haiku-4-5): the block opens with `input: {}`, then `input_json_delta`s carry the input's
 * JSON text, the first one empty; the SDK joins and parses them.
 */
function toolUseBlockFrames(call: SimulatedToolCall, index: number): StreamFrame[] {
  const opening = `{"type":"tool_use","id":"${anthropicToolUseId(call.id)}","name":${JSON.stringify(call.name)},"input":{}}`;
  const partial = (json: string): string => `{"type":"input_json_delta","partial_json":${JSON.stringify(json)}}`;
  return blockFrames(index, opening, call.fragments.map(partial), { before: [partial('')] });
}
