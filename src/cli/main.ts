#!/usr/bin/env node
// The `llmdoctor` bin. Kept tiny: each command's module is imported only when that command runs,
// so `llmdoctor explain` loads nothing the doctor, gateway or simulator would need.
import { closest, UsageError } from './args.js';
import { exitQuietlyWhenStdoutCloses, printErr, printOut } from './output.js';

interface Command {
  summary: string;
  load(): Promise<{ run(argv: readonly string[]): Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
  check: { summary: 'run the whole troubleshooting checklist on this machine, most likely cause first', load: () => import('./check.js') },
  explain: { summary: 'turn a pasted error into a diagnosis: cause, fixes, retry advice', load: () => import('./explain.js') },
  demo: { summary: 'see what the doctor finds, against the simulator with planted faults', load: () => import('./demo.js') },
  mock: { summary: 'a faithful OpenAI / Anthropic / Gemini simulator with fault injection', load: () => import('./mock.js') },
  gateway: { summary: 'one URL for all three APIs: retries, key rotation, fallbacks, time limits', load: () => import('./gateway.js') },
  keys: { summary: 'client keys for the gateway: create, list, revoke, rotate (limits, budgets, expiry)', load: () => import('./keys.js') },
  usage: { summary: 'what the gateway served per day, client and model: requests, tokens, failures', load: () => import('./usage.js') },
  status: { summary: 'every upstream key of a running gateway: healthy, cooling, disabled and why', load: () => import('./status.js') },
};

const HELP = `llmdoctor: diagnose failing calls to the OpenAI, Anthropic and Gemini APIs

Usage
  llmdoctor <command> [options]

Commands
${Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(9)}${command.summary}`).join('\n')}

  llmdoctor <command> --help   that command's options
  llmdoctor --version          the installed version

Examples
  llmdoctor check
  llmdoctor demo
  llmdoctor explain "429 You exceeded your current quota, please check your plan and billing details."

Each command's --help gives its exit codes; 2 is always a usage error.
`;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    printErr(HELP);
    return 2;
  }
  if (name === '--help' || name === '-h') {
    await printOut(HELP);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    await printOut(`${await readVersion()}\n`);
    return 0;
  }
  if (name === 'help') return rest[0] ? main([rest[0], '--help']) : main(['--help']);
  const command = COMMANDS[name];
  if (command) return (await command.load()).run(rest);
  throw unknownCommand(name);
}

function unknownCommand(name: string): UsageError {
  const known = Object.keys(COMMANDS);
  if (name.startsWith('-')) {
    return new UsageError(`Unknown option ${name}. A command comes first, e.g. llmdoctor explain "<error text>". See: llmdoctor --help`);
  }
  const guess = closest(name, known);
  const instead = guess ? `Did you mean "llmdoctor ${guess}"?` : `Commands: ${known.join(', ')}.`;
  return new UsageError(`Unknown command "${name}". ${instead} See: llmdoctor --help`);
}

async function readVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

exitQuietlyWhenStdoutCloses();
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    printErr(`llmdoctor: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    printErr(`llmdoctor: unexpected failure, this is a bug; please report it with the command you ran.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  }
}
