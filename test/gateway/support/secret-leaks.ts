import { fingerprint } from '../../../src/core/redact.js';

/** How much of a key, in a row, counts as a leak besides the whole key (the masked forms show a prefix and 4 characters). */
const WINDOW = 16;

/**
 * The keys that appear in `text`, whole or as any run of 16 of their characters, each named by
 * fingerprint with a little context (never the key), so an assertion message can say where.
 */
export function secretLeaks(text: string, secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    let at = text.indexOf(secret);
    let kind = 'whole';
    for (let start = 0; at < 0 && start + WINDOW <= secret.length; start++) {
      at = text.indexOf(secret.slice(start, start + WINDOW));
      kind = `${WINDOW} characters from position ${start}`;
    }
    if (at >= 0) {
      const context = `${text.slice(Math.max(0, at - 60), at)}<KEY>`.replace(/\s+/g, ' ');
      leaks.push(`key fp ${fingerprint(secret)} (${kind}) after: …${context}`);
    }
  }
  return leaks;
}
