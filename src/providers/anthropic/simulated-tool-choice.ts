import { asRecord } from '../probe.js';
import type { ForcedTool } from '../simulator.js';

/**
 * When Claude must use a tool (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use):
 * client tools given and `tool_choice` `{"type": "any"}` (the simulator uses the first) or
 * `{"type": "tool", "name": …}` (that one). `auto`, `none` or no choice leave the model free: text.
 * Server tools (`web_search_20250305`, …) run on Anthropic's side and are never the forced call
 * here. A name that matches no tool is refused by the real API with a 400 whose wording we hold
 * no capture of; rather than invent one, the simulator uses the first client tool.
 */

export function anthropicForcedTool(body: Record<string, unknown>): ForcedTool | undefined {
  const choice = asRecord(body.tool_choice);
  if (choice?.type !== 'any' && choice?.type !== 'tool') return undefined;
  const tools = (Array.isArray(body.tools) ? body.tools : []).flatMap((tool) => {
    const record = asRecord(tool);
    return record && typeof record.name === 'string' && (record.type === undefined || record.type === 'custom') ? [record] : [];
  });
  const chosen = tools.find((t) => choice.type === 'tool' && t.name === choice.name) ?? tools[0];
  return chosen ? { name: chosen.name as string, schema: chosen.input_schema } : undefined;
}
