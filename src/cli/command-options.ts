import { parseArgs, refusePositionals, type OptionSpec, type ParsedArgs } from './args.js';
import { printOut } from './output.js';

/**
 * The parsed options of a command that takes no arguments, or null once its `--help` was printed (the
 * command then ends with exit code 0).
 */
export async function commandOptions(argv: readonly string[], spec: readonly OptionSpec[], command: string, help: string): Promise<ParsedArgs | null> {
  const args = parseArgs(argv, spec, command);
  if (args.options.has('help')) {
    await printOut(help);
    return null;
  }
  refusePositionals(args, command);
  return args;
}
