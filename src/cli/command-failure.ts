import { printErr } from './output.js';

/**
 * The command ran as written but could not do its job (an unknown id, no store where it looked):
 * printed without a stack trace, exit code 1. Mistakes in how it was called stay `UsageError` (2).
 */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
}

/** Runs a command, turning a `CommandFailure` into its message on stderr and exit code 1. */
export async function exitOneOnFailure(command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    if (!(error instanceof CommandFailure)) throw error;
    printErr(`llmdoctor: ${error.message}\n`);
    return 1;
  }
}
