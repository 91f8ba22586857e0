import { UsageError, type OptionSpec } from './args.js';

/**
 * Takes every `--name value` and `--name=value` out of `argv`, in order, for an option that may be
 * given several times (`parseArgs` keeps only the last one). `spec` tells which other options take a
 * value, so a value that happens to read `--name` is left to its own option.
 */
export function takeRepeated(argv: readonly string[], name: string, spec: readonly OptionSpec[], command: string): { values: string[]; rest: string[] } {
  const flag = `--${name}`;
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === flag) {
      const value = argv[i + 1];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value, e.g. ${flag} team=search. See: llmdoctor ${command} --help`);
      values.push(value);
      i++;
      continue;
    }
    if (arg.startsWith(`${flag}=`)) {
      const value = arg.slice(flag.length + 1);
      if (value === '') throw new UsageError(`${flag} needs a value, e.g. ${flag} team=search. See: llmdoctor ${command} --help`);
      values.push(value);
      continue;
    }
    rest.push(arg);
    if (takesSeparateValue(arg, spec) && i + 1 < argv.length) rest.push(argv[++i] as string);
  }
  return { values, rest };
}

function takesSeparateValue(arg: string, spec: readonly OptionSpec[]): boolean {
  if (arg.startsWith('--')) return !arg.includes('=') && spec.some((option) => option.takesValue && `--${option.name}` === arg);
  return arg.startsWith('-') && spec.some((option) => option.takesValue && option.short !== undefined && `-${option.short}` === arg);
}
