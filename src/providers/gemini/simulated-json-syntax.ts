import { findJsonFault } from '../simulated-json-fault.js';

/**
 * Google's words for a body that is not JSON: "Invalid JSON payload received. Unexpected token.",
 * then up to 20 characters either side of the fault and a caret under it:
 *   `Invalid JSON payload received. Unexpected token.\nnot json\n^`
 *   `...Unexpected token.\nassociation_score": NaN, "trial_weight":\n                    ^`
 * (real messages quoted in public code: BigQuery insertAll, Gemini with `NaN` in a tool result).
 * A body that ends too early gets "Unexpected end of string. Expected a value.\n\n^" (as quoted by a
 * Firestore emulator that copies production wording). Only called after JSON.parse failed.
 */
export function invalidJsonMessage(text: string): string {
  const fault = findJsonFault(text);
  if (fault.end) return 'Invalid JSON payload received. Unexpected end of string. Expected a value.\n\n^';
  const from = Math.max(0, fault.offset - 20);
  const excerpt = text.slice(from, fault.offset + 20);
  return `Invalid JSON payload received. Unexpected token.\n${excerpt}\n${' '.repeat(fault.offset - from)}^`;
}
