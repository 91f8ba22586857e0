import { isatty } from 'node:tty';
import { DEFAULTS } from '../core/defaults.js';
import type { DoctorOptions, DoctorProvider } from '../doctor/types.js';
import { integerOption, stringOption as text, UsageError, type OptionSpec, type ParsedArgs } from './args.js';
import { commandOptions } from './command-options.js';
import { palette, shouldUseColor } from './color.js';
import { printErr, printOut, toRedactedJson } from './output.js';

const PROVIDERS: readonly DoctorProvider[] = ['openai', 'anthropic', 'gemini'];

const OPTIONS: readonly OptionSpec[] = [
  { name: 'provider', takesValue: true, valueName: 'name,...' },
  { name: 'model', takesValue: true, valueName: 'id,...' },
  { name: 'timeout', takesValue: true, valueName: 'ms' },
  { name: 'offline', takesValue: false },
  { name: 'probe', takesValue: false },
  { name: 'env-file', takesValue: true, valueName: 'path' },
  { name: 'pid', takesValue: true, valueName: 'pid' },
  { name: 'json', takesValue: false },
  { name: 'markdown', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
];

export const CHECK_HELP = `llmdoctor check: run the whole troubleshooting checklist for OpenAI, Anthropic and Gemini on this machine

Usage
  llmdoctor check [options]

Finds the keys this machine really uses (environment, .env files, a running service), checks their text,
the base URLs, DNS / TCP (IPv4 and IPv6) / TLS / HTTP to each API with timings, proxies, authentication,
model access, rate limits, the country the providers see, and the clock. Keys are shown masked only.

Options
  --provider <name,...>  only these: ${PROVIDERS.join(', ')} (default: every provider with a key)
  --model <id,...>       also check access to these models
  --probe                send one tiny request per provider (may cost a token): reveals billing, quota,
                         verification and region problems that listing models hides
  --offline              local checks only (keys, base URLs, proxy settings): no network
  --timeout <ms>         budget per provider (default ${DEFAULTS.doctor.timeoutMs})
  --env-file <path>      also read this env file
  --pid <pid>            read the environment of this running process (the service that makes the calls)
  --json                 machine-readable report
  --markdown             report for pasting into a support ticket
  -h, --help             show this help

Base URLs follow the SDKs' own variables (OPENAI_BASE_URL, ANTHROPIC_BASE_URL, GOOGLE_GEMINI_BASE_URL),
so pointing the doctor at a relay or at \`llmdoctor mock\` needs no flag.

Exit codes: 0 everything works, 1 something fails, 2 usage error
`;

/** `llmdoctor check`: returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const args = await commandOptions(argv, OPTIONS, 'check', CHECK_HELP);
  if (args === null) return 0;
  return runCheck(doctorOptions(args), reportFormat(args));
}

export type ReportFormat = 'text' | 'json' | 'markdown';

/** Runs the doctor and prints its report; shared with `llmdoctor demo`. */
export async function runCheck(options: DoctorOptions, reportFormat: ReportFormat): Promise<number> {
  const { runDoctor } = await import('../doctor/run-doctor.js');
  const { renderProgress, renderReportMarkdown, renderReportText } = await import('./render-report.js');
  const paint = palette(shouldUseColor(process.stdout));
  const live = reportFormat === 'text' && isatty(2);
  const report = await runDoctor(options, live ? (finding) => printErr(renderProgress(finding, palette(shouldUseColor(process.stderr)))) : undefined);
  if (live) printErr('\n');
  if (reportFormat === 'json') await printOut(`${toRedactedJson(report, 2)}\n`);
  else if (reportFormat === 'markdown') await printOut(renderReportMarkdown(report));
  else await printOut(renderReportText(report, paint));
  return report.ok ? 0 : 1;
}

/** `--json`, `--markdown`, or text; shared with `llmdoctor demo`. */
export function reportFormat(args: ParsedArgs): ReportFormat {
  if (args.options.has('json') && args.options.has('markdown')) throw new UsageError('choose one of --json and --markdown');
  return args.options.has('json') ? 'json' : args.options.has('markdown') ? 'markdown' : 'text';
}

function doctorOptions(args: ParsedArgs): DoctorOptions {
  return {
    providers: providerList(text(args, 'provider')),
    models: (text(args, 'model') ?? '').split(',').map((m) => m.trim()).filter(Boolean),
    timeoutMs: integerOption(args, 'timeout', 1) ?? DEFAULTS.doctor.timeoutMs,
    offline: args.options.has('offline'),
    probe: args.options.has('probe'),
    env: process.env,
    cwd: process.cwd(),
    envFile: text(args, 'env-file') ?? null,
    pid: integerOption(args, 'pid', 1) ?? null,
    fsRoot: '/',
  };
}

function providerList(value: string | undefined): DoctorProvider[] | null {
  if (value === undefined) return null;
  const names = value.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
  const unknown = names.find((name) => !(PROVIDERS as readonly string[]).includes(name));
  if (unknown !== undefined || names.length === 0) throw new UsageError(`--provider takes ${PROVIDERS.join(', ')} (comma-separated); got "${unknown ?? value}"`);
  return names as DoctorProvider[];
}
