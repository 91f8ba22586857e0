import { editDistance } from '../core/edit-distance.js';

/** A tiny argument parser: startup time matters more here than a framework's features. */

/** A mistake in how llmdoctor was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface OptionSpec {
  /** Long name without dashes, e.g. `file` for `--file`. */
  name: string;
  takesValue: boolean;
  /** How the value is shown in messages, e.g. `path` for `--file <path>`. */
  valueName?: string;
  short?: string;
}

export interface ParsedArgs {
  /** Option name → its value, or `true` for a flag. A repeated option keeps its last value. */
  options: Map<string, string | true>;
  positionals: string[];
}

/**
 * Parses `--name value`, `--name=value`, `-s`, flags, and positionals; `--` ends the options.
 * `command` names what is being parsed, so errors can say which `--help` to read.
 */
export function parseArgs(argv: readonly string[], spec: readonly OptionSpec[], command: string): ParsedArgs {
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const written = equals > 0 && arg.startsWith('--') ? arg.slice(0, equals) : arg;
    const option = findOption(written, spec);
    if (!option) throw unknownOption(written, spec, command);
    if (!option.takesValue) {
      if (written !== arg) throw new UsageError(`${written} is a flag and takes no value: write just ${written}.`);
      options.set(option.name, true);
      continue;
    }
    const value = written !== arg ? arg.slice(equals + 1) : argv[++i];
    if (value === undefined || value === '') {
      throw new UsageError(`${written} needs a value, e.g. ${written} <${option.valueName ?? option.name}>. See: llmdoctor ${command} --help`);
    }
    options.set(option.name, value);
  }
  return { options, positionals };
}

function findOption(written: string, spec: readonly OptionSpec[]): OptionSpec | undefined {
  if (written.startsWith('--')) return spec.find((o) => o.name === written.slice(2));
  return spec.find((o) => o.short !== undefined && o.short === written.slice(1));
}

function unknownOption(written: string, spec: readonly OptionSpec[], command: string): UsageError {
  if (written.length > 32 || !/^--?[a-z][a-z0-9-]*$/i.test(written)) {
    // Text that happens to start with a dash, not a mistyped option. Not echoed: it may be a pasted key.
    return new UsageError(
      `An argument starts with a dash, so it reads as an option, and "llmdoctor ${command}" has no such option.\n` +
        `If it is part of the error text, put the text after --: llmdoctor ${command} -- "<text>"`,
    );
  }
  const guess = closest(written.replace(/^-+/, ''), spec.map((o) => o.name));
  const instead = guess ? ` Did you mean --${guess}?` : '';
  return new UsageError(`Unknown option ${written} for "llmdoctor ${command}".${instead} See: llmdoctor ${command} --help`);
}

/** The candidate nearest to `word` (a typo or a prefix), or undefined when none is close. */
/** For commands that take options only: a stray word is named, with the `--help` to read (`helpFor`, default `command`). */
export function refusePositionals(args: ParsedArgs, command: string, helpFor = command): void {
  if (args.positionals.length > 0) throw new UsageError(`llmdoctor ${command} takes no arguments (got "${args.positionals[0]}"). See: llmdoctor ${helpFor} --help`);
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = candidate.startsWith(word) && word.length >= 2 ? 1 : editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}


/** The value of an option that takes one, or undefined when absent. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** A whole-number option of at least `min`, or undefined when absent. */
export function integerOption(args: ParsedArgs, name: string, min = 0): number | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
    throw new UsageError(`--${name} takes a whole number${min > 0 ? ` of ${min} or more` : ''} (got "${value}")`);
  }
  return parsed;
}
