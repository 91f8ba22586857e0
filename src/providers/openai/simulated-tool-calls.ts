import type { SimulatedToolCall } from '../simulator.js';
import { functionCallItemId, toolCallId } from './simulated-ids.js';

/**
 * A forced function call in OpenAI's shapes.
 * Chat completions (https://platform.openai.com/docs/api-reference/chat/object and the streaming
 * chunk reference): the message has `content: null` and `tool_calls`; streamed, the first delta
 * names the call with empty `arguments`, then each delta carries the next piece of the arguments
 * under the same `index`, and the choice finishes with `tool_calls`.
 * Responses (vercel/ai packages/openai/src/responses/__fixtures__/issue-19493-gpt-5.1-tool-call.chunks.txt,
 * a recorded gpt-5.1 stream): a `function_call` item, fields in the order id, type, status,
 * arguments, call_id, name.
 */

export const CHAT_TOOL_FINISH = 'tool_calls';

export function chatToolCallMessage(call: SimulatedToolCall) {
  return {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: toolCallId(call.id), type: 'function', function: { name: call.name, arguments: call.argumentsText } }],
    refusal: null,
    annotations: [],
  };
}

/** The first streamed delta: role, and the call with its id and name but no arguments yet. */
export function chatToolCallOpeningDelta(call: SimulatedToolCall): string {
  const toolCall = { index: 0, id: toolCallId(call.id), type: 'function', function: { name: call.name, arguments: '' } };
  return JSON.stringify({ role: 'assistant', content: null, tool_calls: [toolCall], refusal: null });
}

export function chatArgumentsDelta(fragment: string): string {
  return JSON.stringify({ tool_calls: [{ index: 0, function: { arguments: fragment } }] });
}

/** The Responses output item: `in_progress` with empty arguments when a stream opens it, complete at the end. */
export function responsesFunctionCall(call: SimulatedToolCall, seed: string, status: 'in_progress' | 'completed') {
  return {
    id: functionCallItemId(seed),
    type: 'function_call',
    status,
    arguments: status === 'completed' ? call.argumentsText : '',
    call_id: toolCallId(call.id),
    name: call.name,
  };
}
