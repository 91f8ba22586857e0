import { DEFAULTS } from '../core/defaults.js';
import type { Completion, SimOperation } from '../providers/simulator.js';
import { hashText, pickChars, seededRandom } from '../core/seeded-random.js';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const WORDS = (
  'the a of to and in that is for it as with on be this by are from at or an which have not can more ' +
  'model answer request test simple clear result value system data time first next each other well check ' +
  'network key service call token limit stream response provider works here now done good fine ready'
).split(' ');

/** Roughly how providers count: about four characters a token. */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

/**
 * The deterministic answer to a request: the same seed, model and prompt always give the same
 * words, ids and counts, so tests can assert on them.
 */
export function generateCompletion(seed: number, op: SimOperation, nowSeconds: number): Completion {
  const random = seededRandom(hashText(`${op.model ?? ''}\u0000${op.promptText}`, seed));
  const { min, max } = DEFAULTS.mock.answerTokens;
  const natural = min + Math.floor(random() * (max - min + 1));
  const limit = op.maxTokens !== null && op.maxTokens > 0 ? op.maxTokens : Infinity;
  const count = Math.min(natural, limit);
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = WORDS[Math.floor(random() * WORDS.length)]!;
    tokens.push(i === 0 ? word[0]!.toUpperCase() + word.slice(1) : ` ${word}`);
  }
  if (count === natural && tokens.length > 0) tokens[tokens.length - 1] += '.';
  return {
    text: tokens.join(''),
    tokens,
    inputTokens: countTokens(op.promptText),
    outputTokens: count,
    finishReason: count < natural ? 'length' : 'stop',
    id: pickChars(random, ID_ALPHABET, 24),
    created: nowSeconds,
  };
}
