import { DEFAULTS } from '../core/defaults.js';
import type { Random } from '../core/seeded-random.js';
import type { SimulatedThinking } from '../providers/simulator.js';
import { wordTokens } from './words.js';

/** Reasoning words shown before the answer, never more tokens than the caller's budget. */
export function generateThinking(random: Random, budgetTokens: number): SimulatedThinking {
  const { min, max } = DEFAULTS.mock.thinkingTokens;
  const natural = min + Math.floor(random() * (max - min + 1));
  const tokens = wordTokens(random, Math.max(1, Math.min(natural, budgetTokens)));
  tokens[tokens.length - 1] += '.';
  return { text: tokens.join(''), tokens };
}
