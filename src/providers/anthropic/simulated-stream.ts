import type { Completion, SimOperation, StreamFrame, StreamPlan } from '../simulator.js';
import { apiHeaders } from './simulated-headers.js';
import { anthropicMessageId, anthropicRequestId } from './simulated-ids.js';
import { findModel } from './simulated-models.js';

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
  for (const data of textBlockOpeningFrames()) frames.push({ data });
  for (const [i, token] of completion.tokens.entries()) {
    frames.push({ data: frame('content_block_delta', `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(token)}}}`, i + 2), delta: true });
  }
  const stopReason = completion.finishReason === 'length' ? 'max_tokens' : 'end_turn';
  frames.push({ data: frame('content_block_stop', '{"type":"content_block_stop","index":0}', 3) });
  frames.push({
    data: frame(
      'message_delta',
      `{"type":"message_delta","delta":{"stop_reason":"${stopReason}","stop_sequence":null,"stop_details":null},` +
        `"usage":{"input_tokens":${completion.inputTokens},"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":${completion.outputTokens}}}`,
      4,
    ),
  });
  frames.push({ data: frame('message_stop', '{"type":"message_stop"}', 5), terminator: true });
  return { status: 200, headers: streamHeaders(anthropicRequestId()), frames };
}
