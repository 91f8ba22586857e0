/**
 * How Google's front end (ESF) writes JSON. Responses are pretty-printed with two spaces and end
 * with a newline (`}\n`: google/adk-go model/testdata/TestNewGeminiModel.httprr, where the recorded
 * body length includes it); SSE frames use a compact form with a space after each colon only
 * (`{"candidates": [{"content": {"parts": [{"text": "The"}],"role": "model"}}]}`, same recording).
 * `<` and `>` inside strings are escaped as `\u003c` / `\u003e` (gm-055: "Requests from referer
 * \u003cempty\u003e are blocked.").
 */

export function prettyJson(value: unknown): string {
  return escapeAngles(JSON.stringify(value, null, 2)) + '\n';
}

/** The SSE data form: `"key": value` pairs joined by a bare comma. */
export function sseJson(value: unknown): string {
  return escapeAngles(compact(value));
}

function compact(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + compact(value[i]);
    return out + ']';
  }
  if (value !== null && typeof value === 'object') {
    let out = '{';
    let first = true;
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      out += (first ? '' : ',') + JSON.stringify(key) + ': ' + compact(item);
      first = false;
    }
    return out + '}';
  }
  return JSON.stringify(value) ?? 'null';
}

function escapeAngles(json: string): string {
  // In JSON text `<` and `>` can only occur inside strings, so a plain replace is safe
  if (json.indexOf('<') < 0 && json.indexOf('>') < 0) return json;
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}
