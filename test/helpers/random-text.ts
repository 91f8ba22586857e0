/** Deterministic random text for assembling sample keys at run time (no key-shaped literal is committed). */

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LETTERS = UPPER + UPPER.toLowerCase();
export const ALNUM = LETTERS + '0123456789';
export const URL_SAFE = ALNUM + '-_';
export const HEX = '0123456789abcdef';

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A picker of `length` characters from `alphabet`, driven by one seeded generator. */
export function picker(seed: number): (alphabet: string, length: number) => string {
  const random = seededRandom(seed);
  return (alphabet, length) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    return out;
  };
}
