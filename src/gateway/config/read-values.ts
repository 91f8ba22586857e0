import { isScalar } from 'yaml';
import { parseDuration } from '../../core/duration.js';
import { interpolate } from './interpolate.js';
import { parseSize } from './parse-size.js';
import { configError, kindOf, type Setting } from './setting.js';
import { shorten } from './shorten.js';

/**
 * Readers of single values. Strings are interpolated first, so any value may come from a variable
 * (`max_in_flight: ${KEY_BUDGET}`); a numeric string counts as a number for the same reason.
 */

export interface TextValue {
  value: string;
  /** The variables `${…}` took it from. */
  variables: string[];
}

/**
 * A text value with `${NAME}` replaced. `place` is what the user may remove instead of setting the
 * variable (by default the setting, or its list for a list item).
 */
export function readTextValue(setting: Setting, place = setting.path.replace(/\[\d+\]$/, '')): TextValue {
  const node = setting.node;
  if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
    throw configError(setting, `${setting.path} must be text, not ${kindOf(node)}`);
  }
  if (typeof node.value === 'number') return { value: String(node.value), variables: [] };
  const result = interpolate(node.value, setting.source.env);
  if (result.ok) return { value: result.value, variables: result.variables };
  switch (result.problem) {
    case 'unset':
      throw configError(setting, `${result.variable} is not set: export it, add it to .env, or remove it from ${place}`);
    case 'empty':
      throw configError(setting, `${result.variable} is empty: give it a value (export it or set it in .env), or remove it from ${place}`);
    case 'malformed':
      throw configError(
        setting,
        `${setting.path}: "${shorten(result.reference)}" is not a variable reference: write \${NAME} (letters, digits and _), or $\${ for a literal \${`,
      );
  }
}

export function readText(setting: Setting): string {
  return readTextValue(setting).value;
}

/** Non-empty text: names of upstreams, routes and models. */
export function readName(setting: Setting): string {
  const value = readText(setting).trim();
  if (value === '') throw configError(setting, `${setting.path} is empty: give it a name`);
  return value;
}

/** A whole number above 0 (counts, budgets). */
export function readCount(setting: Setting): number {
  const value = readNumber(setting, 'a whole number greater than 0');
  if (!Number.isInteger(value) || value <= 0) {
    throw configError(setting, `${setting.path} must be a whole number greater than 0, not ${value}`);
  }
  return value;
}

/** A number above 0 (weights). */
export function readPositive(setting: Setting): number {
  const value = readNumber(setting, 'a number greater than 0');
  if (!(value > 0)) throw configError(setting, `${setting.path} must be a number greater than 0, not ${value}`);
  return value;
}

/** A port: 0 (any free port) to 65535. */
export function readPort(setting: Setting): number {
  const value = readNumber(setting, 'a port number');
  if (!isPort(value)) throw configError(setting, `${setting.path} must be a port number from 0 to 65535, not ${value}`);
  return value;
}

export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 65_535;
}

/** Milliseconds: a number, or a duration such as `250ms`, `15s`, `2m`, `1h`. */
export function readDuration(setting: Setting): number {
  const expected = 'a number of milliseconds or a duration such as 250ms, 15s, 2m, 1h';
  const ms = readMeasure(setting, expected, parseDuration);
  const rounded = Math.round(ms);
  if (rounded < 1) throw configError(setting, `${setting.path} must be at least 1ms, not ${ms}ms: write ${expected}`);
  return rounded;
}

/** Bytes: a number, or a size such as `10kb`, `32mb`, `1gb`. */
export function readSize(setting: Setting): number {
  const expected = 'a number of bytes or a size such as 512kb, 32mb, 1gb';
  const bytes = readMeasure(setting, expected, parseSize);
  if (bytes < 1) throw configError(setting, `${setting.path} must be at least 1 byte: write ${expected}`);
  return Math.floor(bytes);
}

export function readBoolean(setting: Setting): boolean {
  const node = setting.node;
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  const text = isScalar(node) && typeof node.value === 'string' ? readText(setting).trim() : null;
  if (text === 'true' || text === 'false') return text === 'true';
  const got = text === null ? kindOf(node) : `"${shorten(text)}"`;
  throw configError(setting, `${setting.path} must be true or false, not ${got}`);
}

function readNumber(setting: Setting, expected: string): number {
  const node = setting.node;
  if (isScalar(node) && typeof node.value === 'number') return node.value;
  if (isScalar(node) && typeof node.value === 'string') {
    const text = readText(setting).trim();
    if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
    throw configError(setting, `${setting.path} must be ${expected}, not text`);
  }
  throw configError(setting, `${setting.path} must be ${expected}, not ${kindOf(node)}`);
}

/** A number as it is, or a string in the unit syntax `parse` reads (a bare numeric string counts as a number). */
function readMeasure(setting: Setting, expected: string, parse: (text: string) => number | null): number {
  const node = setting.node;
  let value: number | null;
  let shown: string;
  if (isScalar(node) && typeof node.value === 'number') {
    value = node.value;
    shown = String(node.value);
  } else if (isScalar(node) && typeof node.value === 'string') {
    const text = readText(setting).trim();
    value = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : parse(text);
    shown = `"${shorten(text)}"`;
  } else {
    throw configError(setting, `${setting.path} must be ${expected}, not ${kindOf(node)}`);
  }
  if (value === null || !Number.isFinite(value)) throw configError(setting, `${setting.path}: ${shown} is not understood: write ${expected}`);
  if (value <= 0) throw configError(setting, `${setting.path} must be greater than 0, not ${shown}: write ${expected}`);
  return value;
}
