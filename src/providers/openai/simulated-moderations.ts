import { asRecord } from '../probe.js';
import { randomFrom } from './simulated-ids.js';

/**
 * `/v1/moderations`, simulated: each input is scored in the 13 categories of `omni-moderation-latest` (the
 * openai-node `Moderation` type), deterministically from its text. A category is flagged when the text holds one
 * of a few plain words for it, so a test can ask for a flag; every other score is small, as for harmless text.
 * Text inputs are scored for text only; `image_url` parts add `image` to the categories the model scores images in.
 */

export const MODERATION_MODELS = ['omni-moderation-latest', 'omni-moderation-2024-09-26'] as const;
export const DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';

/** The categories, and whether the model scores images in each (OpenAI's moderation guide). */
const CATEGORIES: ReadonlyArray<[name: string, scoresImages: boolean]> = [
  ['harassment', false],
  ['harassment/threatening', false],
  ['hate', false],
  ['hate/threatening', false],
  ['illicit', false],
  ['illicit/violent', false],
  ['self-harm', true],
  ['self-harm/instructions', true],
  ['self-harm/intent', true],
  ['sexual', true],
  ['sexual/minors', false],
  ['violence', true],
  ['violence/graphic', true],
];

/** Words that flag a category in the simulation (whole words, any case). */
const TRIGGERS: Readonly<Record<string, RegExp>> = {
  harassment: /\b(?:idiot|loser)\b/i,
  violence: /\b(?:kill|murder)\b/i,
  'self-harm': /\bhurt myself\b/i,
};

/** One input: its text, and whether it holds an image. */
export interface ModerationInput {
  text: string;
  image: boolean;
}

/** The inputs of a request body's `input`: a string, strings, or text and image_url parts (one input in all); null when malformed. */
export function moderationInputs(input: unknown): ModerationInput[] | null {
  if (typeof input === 'string') return [{ text: input, image: false }];
  if (!Array.isArray(input) || input.length === 0) return null;
  if (input.every((item) => typeof item === 'string')) return input.map((text: string) => ({ text, image: false }));
  let text = '';
  let image = false;
  for (const item of input) {
    const part = asRecord(item);
    if (part?.type === 'text' && typeof part.text === 'string') text += part.text;
    else if (part?.type === 'image_url') image = true;
    else return null;
  }
  return [{ text, image }];
}

export function moderationResult(input: ModerationInput) {
  const random = randomFrom(`moderation:${input.text}`);
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const appliedTo: Record<string, string[]> = {};
  for (const [name, scoresImages] of CATEGORIES) {
    const flagged = TRIGGERS[name]?.test(input.text) ?? false;
    categories[name] = flagged;
    scores[name] = flagged ? 0.9 + random() * 0.09 : random() * 1e-4;
    appliedTo[name] = [...(input.text === '' ? [] : ['text']), ...(input.image && scoresImages ? ['image'] : [])];
  }
  return { flagged: Object.values(categories).includes(true), categories, category_scores: scores, category_applied_input_types: appliedTo };
}
