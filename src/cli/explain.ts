import { readFile } from 'node:fs/promises';
import { isatty } from 'node:tty';
import type { ClassifyInput } from '../core/diagnosis.js';
import { classify } from '../providers/classify.js';
import { parseArgs, stringOption, UsageError, type OptionSpec, type ParsedArgs } from './args.js';
import { palette, shouldUseColor } from './color.js';
import { printOut, toRedactedJson } from './output.js';
import { renderDiagnosis } from './render-diagnosis.js';

export const PROVIDER_HINTS = ['openai', 'anthropic', 'gemini', 'azure-openai', 'vertex'] as const;

const OPTIONS: readonly OptionSpec[] = [
  { name: 'provider', takesValue: true, valueName: 'name' },
  { name: 'status', takesValue: true, valueName: 'code' },
  { name: 'file', takesValue: true, valueName: 'path' },
  { name: 'json', takesValue: false },
  { name: 'batch', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
];

export const EXPLAIN_HELP = `llmdoctor explain: turn a failed API call's error into a diagnosis (cause, fixes, retry advice)

Usage
  llmdoctor explain "<error text>"          the text you saw: SDK exception, log line, JSON body
  <command> | llmdoctor explain             the text on stdin
  llmdoctor explain --file <path>           the text from a file
  llmdoctor explain --batch < cases.jsonl   many errors, one JSON object a line

Options
  --provider <name>  the provider the call was meant for: ${PROVIDER_HINTS.join(', ')}
  --status <code>    the HTTP status, when the text does not show it (100-599)
  --json             print the diagnosis as JSON
  --batch            read JSON Lines on stdin, write one JSON line per input line, in order
                     in:  {"id","provider","http_status","headers","body","message","node_error_code"}
                     out: {"id","category","provider","retryable","retry_after_ms","title"}
  -h, --help         show this help

Text that starts with a dash goes after --: llmdoctor explain -- "-1 error"

Exit codes: 0 diagnosed, 1 not recognised (category unknown), 2 usage error
`;

const UNKNOWN_TIP = 'Tip: paste the whole error (status line and response body), or add --provider and --status if you know them.';

/** `llmdoctor explain`: returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'explain');
  if (args.options.has('help')) {
    await printOut(EXPLAIN_HELP);
    return 0;
  }
  // Hints are checked before any input is read: a typo fails at once, not after a long paste.
  const provider = providerHint(args);
  const status = statusHint(args);
  if (args.options.has('batch')) {
    rejectWithBatch(args);
    const { runBatch } = await import('./explain-batch.js');
    return runBatch({ provider });
  }
  const input: ClassifyInput = { message: await readErrorText(args), status, provider };
  const diagnosis = classify(input);
  if (args.options.has('json')) {
    await printOut(`${toRedactedJson(diagnosis, 2)}\n`);
  } else {
    const paint = palette(shouldUseColor(process.stdout));
    const tip = diagnosis.category === 'unknown' && (input.status === null || input.provider === null) ? `\n${paint.dim(UNKNOWN_TIP)}\n` : '';
    await printOut(renderDiagnosis(diagnosis, paint) + tip);
  }
  return diagnosis.category === 'unknown' ? 1 : 0;
}

function providerHint(args: ParsedArgs): string | null {
  const value = stringOption(args, 'provider');
  if (value === undefined) return null;
  const name = value.toLowerCase();
  if (!(PROVIDER_HINTS as readonly string[]).includes(name)) {
    throw new UsageError(`--provider ${value} is not a provider llmdoctor knows. Use one of: ${PROVIDER_HINTS.join(', ')}.`);
  }
  return name;
}

function statusHint(args: ParsedArgs): number | null {
  const value = stringOption(args, 'status');
  if (value === undefined) return null;
  const status = /^\d{3}$/.test(value) ? Number(value) : NaN;
  if (!(status >= 100 && status <= 599)) {
    throw new UsageError(`--status ${value} is not an HTTP status code. Use a number from 100 to 599, e.g. --status 429.`);
  }
  return status;
}

function rejectWithBatch(args: ParsedArgs): void {
  if (args.positionals.length > 0 || args.options.has('file')) {
    throw new UsageError('--batch reads JSON Lines on stdin only: llmdoctor explain --batch < cases.jsonl (drop the text and --file).');
  }
  if (args.options.has('status')) {
    throw new UsageError('--status does not apply to --batch: give each line its own "http_status".');
  }
  if (isatty(0)) {
    throw new UsageError('--batch reads JSON Lines on stdin, and stdin is a terminal. Pipe a file: llmdoctor explain --batch < cases.jsonl');
  }
}

/** The error text from exactly one source: the arguments, --file, or stdin. */
async function readErrorText(args: ParsedArgs): Promise<string> {
  const file = stringOption(args, 'file');
  const fromArgs = args.positionals.join(' ');
  if (fromArgs && file !== undefined) {
    throw new UsageError('Give the error text one way: as an argument or with --file, not both.');
  }
  let text: string;
  if (file !== undefined) text = await readTextFile(file);
  else if (fromArgs || isatty(0)) text = fromArgs;
  else text = await readStdin();
  if (text.trim() === '') throw new UsageError(noInputMessage(file ?? null));
  return text;
}

async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read --file ${path}: ${describeFileError(error)}.`);
  }
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file (check the path; relative paths start from the current directory)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied (check the file permissions)';
  if (code === 'EISDIR') return 'it is a directory; give the path of a file inside it';
  return error instanceof Error ? error.message : String(error);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function noInputMessage(file: string | null): string {
  if (file !== null) return `--file ${file} is empty: there is no error text to explain.`;
  return 'No error text to explain. Pass it as an argument, pipe it in, or use --file:\n' +
    '  llmdoctor explain "429 You exceeded your current quota"\n' +
    '  pbpaste | llmdoctor explain\n' +
    '  llmdoctor explain --file error.log';
}
