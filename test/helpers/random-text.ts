import { pickChars, seededRandom } from '../../src/core/seeded-random.js';

export { seededRandom };

/** Deterministic random text for assembling sample keys at run time (no key-shaped literal is committed). */

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LETTERS = UPPER + UPPER.toLowerCase();
export const ALNUM = LETTERS + '0123456789';
export const URL_SAFE = ALNUM + '-_';
export const HEX = '0123456789abcdef';

/** A picker of `length` characters from `alphabet`, driven by one seeded generator. */
export function picker(seed: number): (alphabet: string, length: number) => string {
  const random = seededRandom(seed);
  return (alphabet, length) => pickChars(random, alphabet, length);
}
