/**
 * Durations as providers write them, turned into milliseconds:
 * Go / OpenAI reset headers (`120ms`, `6m0s`, `1m26.4s`), protobuf JSON (`15.002s`) and plain English
 * (`30 seconds`, `2 minutes 3 seconds`, `1 minute and 30 seconds`).
 *
 * Rules, as in Go's time.ParseDuration: every part may carry a fraction (`1.5m` = 90 s, `.5s` = 500 ms).
 * Stricter than Go: parts must go from the largest unit to the smallest, each unit at most once; no sign;
 * one-letter and two-letter units are lowercase only (`5M` could mean months or millions).
 * A bare number has no unit and is refused: whether it means seconds or milliseconds depends on the header,
 * which only the caller knows.
 */

const UNITS: ReadonlyArray<{ ms: number; names: readonly string[] }> = [
  { ms: 3_600_000, names: ['hours', 'hour', 'hrs', 'hr', 'h'] },
  { ms: 60_000, names: ['minutes', 'minute', 'mins', 'min', 'm'] },
  { ms: 1_000, names: ['seconds', 'second', 'secs', 'sec', 's'] },
  { ms: 1, names: ['milliseconds', 'millisecond', 'msecs', 'msec', 'ms'] },
  { ms: 0.001, names: ['microseconds', 'microsecond', 'us', '\u00b5s', '\u03bcs'] },
  { ms: 0.000_001, names: ['nanoseconds', 'nanosecond', 'ns'] },
];

/** Unit name -> its size and its rank (0 = hours); words are keyed lowercase. */
const UNIT_BY_NAME = new Map(
  UNITS.flatMap((unit, rank) => unit.names.map((name) => [name, { ms: unit.ms, rank }] as const)),
);

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;
const UNIT_NAME = `(?:${[...UNIT_BY_NAME.keys()].sort((a, b) => b.length - a.length).join('|')})(?![a-z\u00b5\u03bc])`;
const PART_SEPARATOR = String.raw`(?:\s+and\s+|\s*,\s*|\s*)`;
const PART = String.raw`${NUMBER}\s*${UNIT_NAME}`;

/**
 * Regex source (no capture groups, to be used with the `i` flag) matching one duration inside longer text.
 * Parts end at a unit that is not followed by a letter and the next part must start with a digit, so the
 * engine never has two ways to split the same characters: matching stays linear.
 */
export const DURATION_PATTERN = `${PART}(?:${PART_SEPARATOR}${PART})*`;

const PART_AT = new RegExp(String.raw`(${NUMBER})\s*(${UNIT_NAME})`, 'iy');
const SEPARATOR_AT = new RegExp(PART_SEPARATOR, 'iy');

/** Milliseconds in `text`, or null when `text` is not exactly one duration. */
export function parseDuration(text: string): number | null {
  const input = text.trim();
  let position = 0;
  let total = 0;
  let previousRank = -1;
  for (;;) {
    PART_AT.lastIndex = position;
    const part = PART_AT.exec(input);
    if (part === null) return null;
    const [, amount = '', name = ''] = part;
    const unit = UNIT_BY_NAME.get(name.length <= 2 ? name : name.toLowerCase());
    if (unit === undefined || unit.rank <= previousRank) return null;
    previousRank = unit.rank;
    total += Number(amount) * unit.ms;
    position = PART_AT.lastIndex;
    if (position === input.length) break;
    SEPARATOR_AT.lastIndex = position;
    SEPARATOR_AT.exec(input);
    position = SEPARATOR_AT.lastIndex;
  }
  return Number.isFinite(total) ? roundToMicrosecond(total) : null;
}

/** Drops binary floating-point noise (9.816 * 1000 is not exactly 9816) while keeping sub-millisecond values. */
export function roundToMicrosecond(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
