import { ALPHANUMERIC, hashText, pickChars, seededRandom } from '../../core/seeded-random.js';
import { asRecord } from '../probe.js';

/**
 * Extended thinking (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking):
 * `thinking: {"type": "enabled", "budget_tokens": N}` puts a thinking block, with its signature,
 * before the answer. The API's refusals, in its words (quoted from real 400s in public issues and
 * client code): "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024",
 * "`max_tokens` must be greater than `thinking.budget_tokens`." and, with a forced tool,
 * "Thinking may not be enabled when tool_choice forces tool use." (mastra-ai/mastra#7507,
 * can1357/oh-my-pi#341).
 */

const MIN_BUDGET = 1024;
const BASE64 = `${ALPHANUMERIC}+/`;

/** The thinking budget asked for; undefined when thinking is off (absent, `disabled`, or another mode). */
export function thinkingBudgetOf(body: Record<string, unknown>): number | undefined {
  const thinking = asRecord(body.thinking);
  return thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number' ? thinking.budget_tokens : undefined;
}

/** The API's refusal of the thinking settings, or null when they are fine. */
export function thinkingError(body: Record<string, unknown>, maxTokens: number, forcesTool: boolean): string | null {
  const thinking = asRecord(body.thinking);
  if (thinking?.type !== 'enabled') return null;
  const budget = thinking.budget_tokens;
  // Reconstructed in the API's pydantic wording: no capture of these two
  if (budget === undefined) return 'thinking.enabled.budget_tokens: Field required';
  if (typeof budget !== 'number' || !Number.isInteger(budget)) return 'thinking.enabled.budget_tokens: Input should be a valid integer';
  if (budget < MIN_BUDGET) return `thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_BUDGET}`;
  if (maxTokens <= budget) return '`max_tokens` must be greater than `thinking.budget_tokens`.';
  if (forcesTool) return 'Thinking may not be enabled when tool_choice forces tool use.';
  return null;
}

/**
 * The block's `signature`: opaque base64 that real answers carry (about 300 characters, starting
 * `Ev…`/`Eq…`: vercel/ai packages/anthropic/src/__fixtures__/anthropic-clear-thinking.1.chunks.txt),
 * stable for a completion.
 */
export function thinkingSignature(completionId: string): string {
  return `Ev${pickChars(seededRandom(hashText(`signature:${completionId}`)), BASE64, 294)}`;
}
