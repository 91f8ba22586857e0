import { classifyWith } from '../core/classify-engine.js';
import type { ClassifyInput, Diagnosis } from '../core/diagnosis.js';
import type { ProviderKnowledge } from '../core/rule.js';
import { ANTHROPIC_ERRORS } from './anthropic/errors.js';
import { AZURE_OPENAI_ERRORS } from './azure-openai/errors.js';
import { GEMINI_ERRORS } from './gemini/errors.js';
import { OPENAI_ERRORS } from './openai/errors.js';
import { RELAY_ERRORS } from './relays/errors.js';
import { judgeSentKey } from './sent-key.js';
import { VERTEX_ERRORS } from './vertex/errors.js';

/**
 * Order breaks ties in detection: when nothing names the provider, OpenAI's reading of shared
 * wording ("You exceeded your current quota") is the most likely one.
 */
export const ERROR_KNOWLEDGE: readonly ProviderKnowledge[] = [OPENAI_ERRORS, ANTHROPIC_ERRORS, GEMINI_ERRORS, AZURE_OPENAI_ERRORS, VERTEX_ERRORS, RELAY_ERRORS];

/** Says what went wrong in a failed call to OpenAI, Anthropic or Gemini, why, and what fixes it. */
export function classify(input: ClassifyInput): Diagnosis {
  return classifyWith(ERROR_KNOWLEDGE, input, judgeSentKey);
}
