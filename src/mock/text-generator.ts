import { DEFAULTS } from '../core/defaults.js';
import type { Completion, SimOperation, SimulatedThinking } from '../providers/simulator.js';
import { ALPHANUMERIC, hashText, pickChars, seededRandom } from '../core/seeded-random.js';
import { generateThinking } from './thinking-generator.js';
import { generateToolCall } from './tool-call-generator.js';
import { wordTokens } from './words.js';

/**
 * Output tokens a tool call costs beyond its argument pieces (the name and the call's framing).
 * Streamed or not, the count is the same. The caller's output cap is not applied to tool calls:
 * the real APIs would cut the arguments mid-JSON, which no simulated scenario needs.
 */
const TOOL_CALL_EXTRA_TOKENS = 4;

/** Roughly how providers count: about four characters a token. */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

/**
 * The deterministic answer to a request: the same seed, model and prompt always give the same
 * words, ids and counts, so tests can assert on them. A request that forces a tool gets a call
 * to it instead of text; one that asks for thinking gets reasoning first, which takes its share
 * of the output cap. One that asks for several answers gets each drawn on its own (the output cap
 * applies to each), and the first completion's `outputTokens` counts them all.
 */
export function generateCompletion(seed: number, op: SimOperation, nowSeconds: number): Completion {
  const seedText = `${op.model ?? ''}\u0000${op.promptText}`;
  const first = generateAnswer(seed, op, nowSeconds, seedText);
  const count = op.answers ?? 1;
  if (count <= 1) return first;
  const alternatives: Completion[] = [];
  for (let index = 1; index < count; index++) alternatives.push(generateAnswer(seed, op, nowSeconds, `${seedText}\u0000answer ${index}`));
  const outputTokens = alternatives.reduce((sum, answer) => sum + answer.outputTokens, first.outputTokens);
  return { ...first, outputTokens, alternatives };
}

function generateAnswer(seed: number, op: SimOperation, nowSeconds: number, seedText: string): Completion {
  const random = seededRandom(hashText(seedText, seed));
  const inputTokens = countTokens(op.promptText);
  if (op.forcedTool) {
    // Its own random stream, so the call depends on the seed and prompt but not on the text path's draws
    const toolCall = generateToolCall(seededRandom(hashText(`tool\u0000${seedText}`, seed)), op.forcedTool);
    const outputTokens = toolCall.fragments.length + TOOL_CALL_EXTRA_TOKENS;
    return { text: '', tokens: [], inputTokens, outputTokens, finishReason: 'stop', id: pickChars(random, ALPHANUMERIC, 24), created: nowSeconds, toolCall };
  }
  const thinking: SimulatedThinking | undefined =
    op.thinkingBudget !== undefined ? generateThinking(seededRandom(hashText(`thinking\u0000${seedText}`, seed)), op.thinkingBudget) : undefined;
  const thinkingTokens = thinking?.tokens.length ?? 0;

  const { min, max } = DEFAULTS.mock.answerTokens;
  const natural = min + Math.floor(random() * (max - min + 1));
  const limit = op.maxTokens !== null && op.maxTokens > 0 ? Math.max(0, op.maxTokens - thinkingTokens) : Infinity;
  const count = Math.min(natural, limit);
  const tokens = wordTokens(random, count);
  if (count === natural && tokens.length > 0) tokens[tokens.length - 1] += '.';
  return {
    text: tokens.join(''),
    tokens,
    inputTokens,
    outputTokens: count + thinkingTokens,
    finishReason: count < natural ? 'length' : 'stop',
    id: pickChars(random, ALPHANUMERIC, 24),
    created: nowSeconds,
    ...(thinking ? { thinking } : {}),
  };
}
