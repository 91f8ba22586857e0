import { asRecord } from '../probe.js';
import type { ForcedTool } from '../simulator.js';

/**
 * When the OpenAI model must call a function (https://platform.openai.com/docs/guides/function-calling#tool-choice):
 * - chat completions: `tools` given and `tool_choice` `"required"` (the simulator calls the first
 *   function tool) or `{"type": "function", "function": {"name": …}}` (that one);
 * - Responses: function tools given and `tool_choice` `"required"` or `{"type": "function", "name": …}`.
 * Any other choice (`"auto"`, `"none"`, none at all, allowed_tools) leaves the model free, and the
 * simulator answers with text. A name that matches no tool is refused by the real API with a 400
 * whose exact wording we hold no capture of; rather than invent one, the simulator calls the first
 * function tool.
 */

type Body = Record<string, unknown>;

export function chatForcedTool(body: Body): ForcedTool | undefined {
  const functions = functionTools(body.tools).map((tool) => asRecord(tool.function) ?? {});
  const choice = body.tool_choice;
  const named = asRecord(asRecord(choice)?.function)?.name;
  if (choice !== 'required' && !(asRecord(choice)?.type === 'function' && typeof named === 'string')) return undefined;
  const chosen = functions.find((f) => f.name === named) ?? functions[0];
  return chosen && typeof chosen.name === 'string' ? { name: chosen.name, schema: chosen.parameters } : undefined;
}

export function responsesForcedTool(body: Body): ForcedTool | undefined {
  const functions = functionTools(body.tools);
  const choice = body.tool_choice;
  const named = asRecord(choice)?.name;
  if (choice !== 'required' && !(asRecord(choice)?.type === 'function' && typeof named === 'string')) return undefined;
  const chosen = functions.find((f) => f.name === named) ?? functions[0];
  return chosen && typeof chosen.name === 'string' ? { name: chosen.name, schema: chosen.parameters } : undefined;
}

function functionTools(tools: unknown): Body[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool) => {
    const record = asRecord(tool);
    return record?.type === 'function' ? [record] : [];
  });
}
