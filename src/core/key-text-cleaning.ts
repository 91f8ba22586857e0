import { Findings } from './key-findings.js';

/**
 * Cleaning pasted key text. Each step removes one layer of damage (invisible characters, whitespace, a
 * header prefix, an assignment, quotes) and records what it removed.
 */

const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const NON_ASCII = /[^\x21-\x7E]/gu;

/** A byte-order mark at the start, and invisible characters anywhere. */
export function stripInvisible(value: string, found: Findings): string {
  let text = value;
  if (text.startsWith('\uFEFF')) {
    found.add('bom');
    text = text.replace(/^\uFEFF+/, '');
  }
  for (const ch of text.match(INVISIBLE) ?? []) found.add('zero_width', codePoint(ch));
  return text.replace(INVISIBLE, '');
}

/** Peels the outer layers until nothing changes: `export KEY="Bearer sk-…"` takes several rounds. */
export function peel(value: string, found: Findings): string {
  let text = value;
  for (let round = 0; round < 8; round++) {
    const before = text;
    text = stripQuotes(stripAssignment(stripHeaderPrefix(trimWhitespace(text, found), found), found), found);
    if (text === before) break;
  }
  return text;
}

/**
 * Whitespace inside the key and characters that are not printable ASCII, recorded apart: they count only
 * once the text is known to be meant as a key.
 */
export function cleanCandidate(value: string): { text: string; found: Findings } {
  const found = new Findings();
  for (const run of value.match(/\s+/g) ?? []) recordWhitespace(run, 'embedded', found);
  const text = value.replace(/\s+/g, '');
  for (const ch of text.match(NON_ASCII) ?? []) found.add('non_ascii', codePoint(ch));
  return { text: text.replace(NON_ASCII, ''), found };
}

function trimWhitespace(text: string, found: Findings): string {
  const leading = /^\s+/.exec(text)?.[0];
  const trailing = /\s+$/.exec(text)?.[0];
  if (leading !== undefined) recordWhitespace(leading, 'leading', found);
  if (trailing !== undefined && trailing !== text) recordWhitespace(trailing, 'trailing', found);
  return text.trim();
}

/** Carriage returns, tabs and a final newline each have their own cause and fix; other whitespace is generic. */
function recordWhitespace(run: string, where: 'leading' | 'trailing' | 'embedded', found: Findings): void {
  if (run.includes('\r')) found.add('carriage_return');
  if (run.includes('\t')) found.add('tab');
  let rest = run.replace(/[\r\t]/g, '');
  if (where === 'trailing' && rest.includes('\n')) {
    found.add('trailing_newline');
    rest = rest.replace(/\n/g, '');
  }
  if (rest.length > 0) found.add(`${where}_whitespace`);
}

const HEADER_PREFIXES: readonly [RegExp, string][] = [
  [/^(?:proxy-)?authorization\s*:\s*/i, 'Authorization:'],
  [/^x-goog-api-key\s*:\s*/i, 'x-goog-api-key:'],
  [/^x-api-key\s*:\s*/i, 'x-api-key:'],
  [/^api-key\s*:\s*/i, 'api-key:'],
  [/^bearer\s+/i, 'Bearer'],
];

/** A header name and the auth scheme, in that order: `Authorization: Bearer sk-…`. */
function stripHeaderPrefix(text: string, found: Findings): string {
  let rest = text;
  for (const [pattern, words] of HEADER_PREFIXES) {
    const match = pattern.exec(rest);
    if (match && match[0].length < rest.length) {
      found.add('header_prefix', words);
      rest = rest.slice(match[0].length);
    }
  }
  return rest;
}

/** `OPENAI_API_KEY=sk-…`, `export KEY="…"`, `api_key: …`, `"apiKey": "…",`, `$env:KEY = "…"`. */
const ASSIGNMENT = /^(?:export\s+|set\s+|\$env:)?["']?[A-Za-z_][A-Za-z0-9_.-]*["']?\s*[=:](?!\/\/|=)\s*(.+)$/s;

function stripAssignment(text: string, found: Findings): string {
  const match = ASSIGNMENT.exec(text);
  if (!match) return text;
  found.add('assignment');
  // Drop a trailing separator or an .env comment: `KEY=value # prod`, `"key": "value",`.
  return match[1]!.replace(/\s+#.*$/s, '').replace(/[;,]\s*$/, '');
}

const STRAIGHT_QUOTES = `"'\``;
const TYPOGRAPHIC_QUOTES = '‘’‚‛“”„‟«»‹›';

/** A quote at either end, each end on its own: a quote lost on one side is still reported. */
function stripQuotes(text: string, found: Findings): string {
  let rest = text;
  const first = quoteKind(rest[0]);
  if (first !== undefined) {
    found.add('surrounding_quotes', first);
    rest = rest.slice(1);
  }
  const last = quoteKind(rest[rest.length - 1]);
  if (last !== undefined) {
    found.add('surrounding_quotes', last);
    rest = rest.slice(0, -1);
  }
  return rest;
}

function quoteKind(ch: string | undefined): 'straight' | 'typographic' | undefined {
  if (ch === undefined) return undefined;
  if (STRAIGHT_QUOTES.includes(ch)) return 'straight';
  return TYPOGRAPHIC_QUOTES.includes(ch) ? 'typographic' : undefined;
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
