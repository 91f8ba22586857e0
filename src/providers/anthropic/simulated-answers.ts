import type { Completion, SimOperation, SimResponse } from '../simulator.js';
import { contentJson, stopReasonOf } from './simulated-content.js';
import { apiHeaders } from './simulated-headers.js';
import { anthropicMessageId, anthropicRequestId } from './simulated-ids.js';
import { findListedModel, findModel, LISTED_MODELS, type SimulatedModel } from './simulated-models.js';

/**
 * Successful JSON answers. The message follows a real 2025 body ({"model":…,"id":"msg_…",
 * "type":"message","role":"assistant","content":[{"type":"text",…}],"stop_reason":"end_turn",
 * "stop_sequence":null,"usage":{…"cache_creation":{…},"output_tokens":37,"service_tier":"standard"}})
 * with the fields the 2026 wire added (`stop_details`, `usage.inference_geo`, seen in message_start of
 * the live capture quoted in ./simulated-stream.ts). The model is echoed as requested, alias or not.
 * Thinking and tool_use blocks: ./simulated-content.ts.
 */

function json(body: string): SimResponse {
  return { status: 200, headers: apiHeaders(anthropicRequestId(), 'application/json', true), body };
}

function messageBody(op: SimOperation, completion: Completion): string {
  const model = op.model ?? '';
  const geo = findModel(model)?.inferenceGeo ?? 'not_available';
  return (
    `{"model":${JSON.stringify(model)},"id":"${anthropicMessageId(completion.id)}","type":"message","role":"assistant",` +
    `"content":${contentJson(completion)},"stop_reason":"${stopReasonOf(completion)}","stop_sequence":null,` +
    `"stop_details":null,"usage":{"input_tokens":${completion.inputTokens},"cache_creation_input_tokens":0,"cache_read_input_tokens":0,` +
    `"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":${completion.outputTokens},` +
    `"service_tier":"standard","inference_geo":"${geo}"}}`
  );
}

function modelInfo(model: SimulatedModel): Record<string, string> {
  return { type: 'model', id: model.id, display_name: model.displayName, created_at: model.createdAt };
}

/** `{"data":[…],"has_more":…,"first_id":…,"last_id":…}` (https://docs.anthropic.com/en/api/models-list). */
function modelPage(body: Record<string, unknown>): string {
  const limit = typeof body.limit === 'number' ? body.limit : 20;
  let start = 0;
  let end = LISTED_MODELS.length;
  if (typeof body.after_id === 'string') {
    const at = LISTED_MODELS.findIndex((m) => m.id === body.after_id);
    start = at < 0 ? LISTED_MODELS.length : at + 1;
  }
  if (typeof body.before_id === 'string') {
    const at = LISTED_MODELS.findIndex((m) => m.id === body.before_id);
    end = at < 0 ? 0 : at;
    start = Math.max(start, end - limit);
  }
  const page = LISTED_MODELS.slice(start, Math.min(end, start + limit));
  const hasMore = typeof body.before_id === 'string' ? start > 0 : start + page.length < end;
  return JSON.stringify({
    data: page.map(modelInfo),
    has_more: hasMore,
    first_id: page[0]?.id ?? null,
    last_id: page[page.length - 1]?.id ?? null,
  });
}

export function anthropicAnswer(op: SimOperation, completion: Completion): SimResponse {
  switch (op.name) {
    case 'messages.count_tokens':
      return json(`{"input_tokens":${completion.inputTokens}}`);
    case 'models.list':
      return json(modelPage(op.body));
    case 'models.retrieve': {
      const model = findListedModel(op.model ?? '');
      return json(JSON.stringify(model ? modelInfo(model) : {}));
    }
    default:
      return json(messageBody(op, completion));
  }
}
