import type { Random } from '../core/seeded-random.js';

/** The vocabulary of every generated text: answers, thinking, and string arguments of tool calls. */
const WORDS = (
  'the a of to and in that is for it as with on be this by are from at or an which have not can more ' +
  'model answer request test simple clear result value system data time first next each other well check ' +
  'network key service call token limit stream response provider works here now done good fine ready'
).split(' ');

export function randomWord(random: Random): string {
  return WORDS[Math.floor(random() * WORDS.length)]!;
}

/** `count` words as tokens: the first capitalized, the others with their leading space. */
export function wordTokens(random: Random, count: number): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = randomWord(random);
    tokens.push(i === 0 ? word[0]!.toUpperCase() + word.slice(1) : ` ${word}`);
  }
  return tokens;
}
