import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../core/defaults.js';
import { parseArgs, UsageError, type OptionSpec } from './args.js';
import { reportFormat, runCheck } from './check.js';
import { printErr, printOut } from './output.js';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'json', takesValue: false },
  { name: 'markdown', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
];

export const DEMO_HELP = `llmdoctor demo: see what the doctor finds, with no key and no network

Starts the simulator in this process with three planted faults, points the doctor at it, and prints the report:
  OpenAI     a key pasted with a trailing newline
  Anthropic  an empty wallet (credit balance too low)
  Gemini     a refused country (user location is not supported)

Options
  --json, --markdown   the report in that format
  -h, --help           show this help
`;

/** `llmdoctor demo`: exit 0 when the demo ran (its report shows failures on purpose). */
export async function run(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'demo');
  if (args.options.has('help')) {
    await printOut(DEMO_HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`llmdoctor demo takes no arguments. See: llmdoctor demo --help`);
  const format = reportFormat(args);
  const { startMock } = await import('../mock/start-mock.js');
  const mock = await startMock({ seed: 7 });
  // An empty directory: the demo must not read this directory's .env nor this machine's container markers
  const empty = await mkdtemp(join(tmpdir(), 'llmdoctor-demo-'));
  try {
    const env = {
      OPENAI_API_KEY: `${mock.issueKey('openai')}\n`,
      OPENAI_BASE_URL: mock.baseUrls.openai,
      ANTHROPIC_API_KEY: mock.issueKey('anthropic', 'billing'),
      ANTHROPIC_BASE_URL: mock.baseUrls.anthropic,
      GEMINI_API_KEY: mock.issueKey('gemini', 'region_blocked'),
      GOOGLE_GEMINI_BASE_URL: mock.baseUrls.gemini,
    };
    if (format === 'text') printErr(`llmdoctor demo: a simulated OpenAI, Anthropic and Gemini at ${mock.url}, with three planted faults.\n\n`);
    await runCheck(
      { providers: null, models: [], timeoutMs: DEFAULTS.doctor.timeoutMs, offline: false, probe: true, env, cwd: empty, envFile: null, pid: null, fsRoot: empty },
      format,
    );
    return 0;
  } finally {
    await mock.close();
    await rm(empty, { recursive: true, force: true });
  }
}
