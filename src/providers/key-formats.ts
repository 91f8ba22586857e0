import { inspectKeyWith, type InspectKeyOptions, type KeyInspection } from '../core/inspect-key.js';
import type { KeyFormat } from '../core/key-format.js';
import { ANTHROPIC_KEY_FORMATS } from './anthropic/keys.js';
import { AZURE_OPENAI_KEY_FORMATS } from './azure-openai/keys.js';
import { GEMINI_KEY_FORMATS } from './gemini/keys.js';
import { OPENAI_KEY_FORMATS } from './openai/keys.js';
import { RELAY_KEY_FORMATS } from './relays/keys.js';

/** Every key format llmdoctor knows. First-party formats come first: on a tie, list order decides. */
export const ALL_KEY_FORMATS: readonly KeyFormat[] = [
  ...OPENAI_KEY_FORMATS,
  ...ANTHROPIC_KEY_FORMATS,
  ...GEMINI_KEY_FORMATS,
  ...AZURE_OPENAI_KEY_FORMATS,
  ...RELAY_KEY_FORMATS,
];

/** What is wrong with this key text, and what key it is; the result never contains the key. */
export function inspectKey(text: string | null | undefined, options?: InspectKeyOptions): KeyInspection {
  return inspectKeyWith(ALL_KEY_FORMATS, text, options);
}
