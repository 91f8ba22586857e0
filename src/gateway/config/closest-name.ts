import { editDistance } from '../../core/edit-distance.js';

/** `first-token-ms`, `firstTokenMs` and `first_token_ms` are the same name typed three ways. */
const normalise = (name: string): string => name.toLowerCase().replace(/[-_\s]/g, '');

/** The candidate `name` was most likely meant to be, or null when none is close enough to suggest. */
export function closestName(name: string, candidates: readonly string[]): string | null {
  const typed = normalise(name);
  let best: { name: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(typed, normalise(candidate));
    if (best === null || distance < best.distance) best = { name: candidate, distance };
  }
  if (best === null) return null;
  // A third of the name may be mistyped; short names get at least one edit.
  return best.distance <= Math.max(1, Math.floor(typed.length / 3)) ? best.name : null;
}
