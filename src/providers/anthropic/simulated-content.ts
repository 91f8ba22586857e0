import type { Completion } from '../simulator.js';
import { anthropicToolUseId } from './simulated-ids.js';
import { thinkingSignature } from './simulated-thinking.js';

/**
 * The blocks of an answer, in the order Claude writes them: the thinking block first when thinking
 * was on, then the text, or the `tool_use` block when the request forced a tool
 * (`{"type":"tool_use","id":"toolu_…","name":…,"input":{…}}`, stop_reason `tool_use`:
 * https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use).
 */

export function stopReasonOf(completion: Completion): 'tool_use' | 'max_tokens' | 'end_turn' {
  if (completion.toolCall) return 'tool_use';
  return completion.finishReason === 'length' ? 'max_tokens' : 'end_turn';
}

/** The `content` array of the message, as JSON text. */
export function contentJson(completion: Completion): string {
  const blocks: string[] = [];
  if (completion.thinking) {
    blocks.push(`{"type":"thinking","thinking":${JSON.stringify(completion.thinking.text)},"signature":"${thinkingSignature(completion.id)}"}`);
  }
  const call = completion.toolCall;
  if (call) blocks.push(`{"type":"tool_use","id":"${anthropicToolUseId(call.id)}","name":${JSON.stringify(call.name)},"input":${call.argumentsText}}`);
  else blocks.push(`{"type":"text","text":${JSON.stringify(completion.text)}}`);
  return `[${blocks.join(',')}]`;
}
