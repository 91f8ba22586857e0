/**
 * A `.env` parser with the rules of the `dotenv` package (v16+), written out so that each value keeps
 * the line it was defined on:
 * - `NAME=value`, `NAME = value`, `export NAME=value` and `NAME: value` (colon plus whitespace);
 *   names are letters, digits, `_`, `.` and `-`; lines that do not fit are skipped;
 * - a value in '…', "…" or `…` may span lines; a closing quote followed by anything but a comment
 *   does not close it, and the value is then read unquoted (quotes included);
 * - an unquoted value ends at `#` (the rest is a comment) and is trimmed;
 * - in double quotes `\n` and `\r` become a newline and a carriage return; nothing else is unescaped;
 * - CRLF and CR count as line ends; a later definition replaces an earlier one.
 */

export interface DotenvEntry {
  name: string;
  value: string;
  /** 1-based line of the name. */
  line: number;
}

const HEAD = /[^\S\n]*(?:export[^\S\n]+)?([\w.-]+)(?:[^\S\n]*=|:(?=\s))/y;
const QUOTES = new Set(['"', "'", '`']);

/** Every definition in file order (duplicates included); `toMap` keeps the last one, as dotenv does. */
export function parseDotenv(source: string): DotenvEntry[] {
  const text = source.replace(/\r\n?/g, '\n');
  const entries: DotenvEntry[] = [];
  const lines = lineCounter(text);
  let pos = 0;
  while (pos < text.length) {
    // dotenv's pattern starts with \s*, which skips blank lines and a byte-order mark (\s includes U+FEFF).
    const start = skipWhitespace(text, pos);
    HEAD.lastIndex = start;
    const head = HEAD.exec(text);
    if (head === null || head[1] === undefined) {
      pos = nextLine(text, start);
      continue;
    }
    const { value, end } = readValue(text, HEAD.lastIndex);
    entries.push({ name: head[1], value, line: lines(start + head[0].indexOf(head[1])) });
    pos = nextLine(text, end);
  }
  return entries;
}

export function toMap(entries: readonly DotenvEntry[]): Map<string, DotenvEntry> {
  return new Map(entries.map((entry) => [entry.name, entry]));
}

function readValue(text: string, from: number): { value: string; end: number } {
  const quoted = readQuoted(text, from);
  if (quoted !== null) return quoted;
  // Unquoted: up to a comment or the end of the line.
  const lineEnd = endOfLine(text, from);
  const hash = text.indexOf('#', from);
  const stop = hash !== -1 && hash < lineEnd ? hash : lineEnd;
  return { value: finish(text.slice(from, stop)), end: lineEnd };
}

/**
 * A quoted value (after optional whitespace, newlines included) whose closing quote is followed only by
 * a comment; as in dotenv's pattern, `\"` does not close a "…" value unless backtracking needs it to.
 */
const QUOTED = ['"', "'", '`'].map((q) => new RegExp(`\\s*(${q}(?:\\\\${q}|[^${q}])*${q})\\s*(?:#.*)?$`, 'my'));

function readQuoted(text: string, from: number): { value: string; end: number } | null {
  for (const pattern of QUOTED) {
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (match?.[1] !== undefined) {
      const closed = match.index + match[0].indexOf(match[1]) + match[1].length;
      return { value: finish(match[1]), end: endOfLine(text, closed) };
    }
  }
  return null;
}

/** What dotenv does to the matched text: trim, drop matching outer quotes, expand \n and \r in "…". */
function finish(raw: string): string {
  const value = raw.trim();
  const first = value[0];
  const unquoted =
    value.length >= 2 && first !== undefined && QUOTES.has(first) && value.endsWith(first) ? value.slice(1, -1) : value;
  return first === '"' ? unquoted.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : unquoted;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i += 1;
  return i;
}

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline;
}

function nextLine(text: string, from: number): number {
  return endOfLine(text, from) + 1;
}

/** Line numbers of increasing positions, counted incrementally (definitions come in file order). */
function lineCounter(text: string): (index: number) => number {
  let line = 1;
  let counted = 0;
  return (index) => {
    for (; counted < index; counted += 1) if (text[counted] === '\n') line += 1;
    return line;
  };
}
