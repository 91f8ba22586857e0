import { randomFrom } from './simulated-ids.js';

/**
 * Deterministic embeddings: the same text always gives the same unit-length vector (as real
 * embeddings are normalized), in float32 like the API's, written as the API writes them: the shortest
 * decimal that reads back as the same float32 (`-0.006929283`), or base64 of the little-endian float32
 * bytes when `encoding_format` is `base64` (what openai-node asks for by default and decodes).
 */

export function embeddingVector(text: string, dimensions: number): number[] {
  const random = randomFrom(`embedding:${text}`);
  const raw = new Array<number>(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    // Box-Muller: a normal value, so the vector points anywhere on the sphere
    const value = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    raw[i] = value;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return raw.map((value) => shortestFloat32(value * scale));
}

/** The float32 nearest to `value`, as the double whose shortest form is that float32's shortest form. */
function shortestFloat32(value: number): number {
  const single = Math.fround(value);
  for (let digits = 1; digits < 10; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}

export function embeddingBase64(vector: readonly number[]): string {
  return Buffer.from(Float32Array.from(vector).buffer).toString('base64');
}
