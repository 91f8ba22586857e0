/**
 * Finds the structured data buried in what users paste: JSON bodies, Python reprs
 * (`{'error': {...}, 'param': None}`), JSON arrays from Gemini streams, and JSON that was
 * encoded again inside a string field (@google/genai, LiteLLM, relays).
 */

const MAX_SCAN_CHARS = 256 * 1024;
const MAX_STRUCTURES = 40;
const MAX_NESTING = 4;
const MAX_FAILED_CANDIDATES = 12;

export function extractStructures(text: string): unknown[] {
  const found: unknown[] = [];
  collect(text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text, found, 0);
  return found;
}

function collect(text: string, found: unknown[], nesting: number): void {
  let index = 0;
  let failures = 0;
  while (found.length < MAX_STRUCTURES && failures < MAX_FAILED_CANDIDATES) {
    const start = nextOpening(text, index);
    if (start < 0) return;
    const end = matchingClose(text, start);
    if (end < 0) {
      index = start + 1;
      continue;
    }
    const parsed = parseLoose(text.slice(start, end + 1));
    if (parsed === undefined) {
      failures++;
      index = start + 1;
      continue;
    }
    found.push(parsed);
    if (nesting < MAX_NESTING) collectFromStrings(parsed, found, nesting + 1);
    index = end + 1;
  }
}

/** `{`, or `[` that opens an array of objects (not `[GoogleGenerativeAI Error]`). */
function nextOpening(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 123 /* { */) return i;
    if (ch === 91 /* [ */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) <= 32) j++;
      if (text[j] === '{') return i;
    }
  }
  return -1;
}

function matchingClose(text: string, start: number): number {
  let depth = 0;
  let quote = '';
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || (ch === "'" && isPythonQuote(text, i))) quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** An apostrophe inside prose ("doesn't") is not a Python string quote. */
function isPythonQuote(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  return !isAlphanumeric(before) || (before === 98 /* b */ && !isAlphanumeric(text.charCodeAt(i - 2)));
}

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** A Python repr quotes keys with apostrophes: `{'error': ...`. */
const PYTHON_KEY = /[{,]\s*b?'[^'\n]{0,80}'\s*:/;

function parseLoose(candidate: string): unknown {
  // A failed JSON.parse costs an exception; try the likely reading first
  if (!PYTHON_KEY.test(candidate)) {
    try {
      return JSON.parse(candidate);
    } catch {
      // not JSON: maybe a Python repr after all
    }
  }
  const converted = pythonReprToJson(candidate);
  if (converted === null) return undefined;
  try {
    return JSON.parse(converted);
  } catch {
    return undefined;
  }
}

/** Rewrites a Python literal (single-quoted strings, True/False/None, b'' bytes) as JSON text. */
export function pythonReprToJson(text: string): string | null {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const literal = readPythonString(text, i);
      if (!literal) return null;
      out += JSON.stringify(literal.value);
      i = literal.end;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 40))![0];
      const next = text[i + word.length];
      if (word === 'b' && (next === "'" || next === '"')) continue;
      const mapped = PYTHON_WORDS[word];
      if (mapped === undefined) return null;
      out += mapped;
      i += word.length - 1;
    } else {
      out += ch;
    }
  }
  return out;
}

const PYTHON_WORDS: Record<string, string> = { True: 'true', False: 'false', None: 'null', true: 'true', false: 'false', null: 'null' };

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '0': '\0' };

function readPythonString(text: string, start: number): { value: string; end: number } | null {
  const quote = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === quote) return { value, end: i };
    if (ch !== '\\') {
      value += ch;
      continue;
    }
    const next = text[++i] ?? '';
    if (next === 'u' || next === 'x') {
      const width = next === 'u' ? 4 : 2;
      const hex = text.slice(i + 1, i + 1 + width);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return null;
      value += String.fromCharCode(parseInt(hex, 16));
      i += width;
    } else {
      value += ESCAPES[next] ?? next;
    }
  }
  return null;
}

function collectFromStrings(value: unknown, found: unknown[], nesting: number): void {
  if (typeof value === 'string') {
    if (value.includes('{')) collect(value, found, nesting);
  } else if (Array.isArray(value)) {
    for (const item of value) collectFromStrings(item, found, nesting);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) collectFromStrings(item, found, nesting);
  }
}
