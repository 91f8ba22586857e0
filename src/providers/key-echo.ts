import type { Evidence } from '../core/evidence.js';

/**
 * Servers that reject a key often echo it masked ("Incorrect API key provided: sk-ant-a***AAAA",
 * "key=1234 not found in db"). The echo is the only server-side evidence of what was really sent.
 */
const ECHO_PATTERNS: readonly RegExp[] = [
  /Incorrect API key provided:[ \t]*(.*?)(?:\.\s+You can find|\.?\s*['"}]|\.?[ \t]*$)/im,
  /\bkey=(\S+?)\s+not found\b/i,
  /API key not valid[^:]*:\s*(\S+)/i,
];

export function echoedKey(evidence: Evidence): string | null {
  for (const pattern of ECHO_PATTERNS) {
    const match = pattern.exec(evidence.text);
    if (match) return match[1] ?? '';
  }
  return null;
}

/** What a value that stands for "nothing" looks like once stringified by Python or JavaScript. */
export function isNothing(echo: string): boolean {
  return /^(?:None|null|undefined|nil|''|""|)$/.test(echo.trim());
}

/** Placeholders, variable references, URLs and other text that was never a key. */
export function looksLikeNonKey(echo: string): boolean {
  return (
    /^https?:|^\$\{|\$\{|%[A-Z_]+%|^<.*>$/i.test(echo) ||
    /YOUR|CHANGE_?ME|REPLACE|PLACEHOLDER|xxxx|EXAMPLE|TODO|INSERT|api_?key_?here/i.test(echo) ||
    /^(?:0?123456789|1234567890?|test|demo|dummy|fake|abc|sk-?)$/i.test(echo) ||
    /\s/.test(echo)
  );
}
