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
  return forcedAmong(functions, body.tool_choice, asRecord(asRecord(body.tool_choice)?.function)?.name);
}

export function responsesForcedTool(body: Body): ForcedTool | undefined {
  return forcedAmong(functionTools(body.tools), body.tool_choice, asRecord(body.tool_choice)?.name);
}

/** The function (each with `name` and `parameters`) that `choice` forces, naming it or not; undefined when it forces none. */
function forcedAmong(functions: Body[], choice: unknown, named: unknown): ForcedTool | undefined {
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
