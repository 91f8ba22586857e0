import { asRecord } from '../probe.js';
import { itemId } from './simulated-ids.js';

/**
 * A Responses request's input as `GET /v1/responses/{id}/input_items` lists it (API reference, "List input
 * items", and openai-node's ResponseItem types): a string input is one user message with an `input_text`
 * part; items sent as a list come back as sent, each given an id of its type's prefix when it had none
 * (`msg_`, `fc_`, `fco_` as in recorded Codex histories). In the order sent; the list endpoint reverses it.
 */

export type InputItem = Record<string, unknown>;

export const ID_PREFIX: Record<string, string> = { message: 'msg', function_call: 'fc', function_call_output: 'fco' };

export function inputItems(input: unknown, responseId: string): InputItem[] {
  const seed = (index: number) => `input:${responseId}:${index}`;
  const userMessage = (text: string, index: number): InputItem => ({
    id: itemId('msg', seed(index)),
    type: 'message',
    role: 'user',
    content: [{ type: 'input_text', text }],
  });
  if (typeof input === 'string') return [userMessage(input, 0)];
  if (!Array.isArray(input)) return [];
  return input.map((item: unknown, index) => {
    if (typeof item === 'string') return userMessage(item, index);
    const record = asRecord(item) ?? {};
    if (typeof record.id === 'string') return record;
    const type = typeof record.type === 'string' ? record.type : 'message';
    return { id: itemId(ID_PREFIX[type] ?? 'msg', seed(index)), ...record };
  });
}
