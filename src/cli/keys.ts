import { clientKeyJson } from '../gateway/admin/client-key-json.js';
import { CLIENT_KEY_PREFIX, hashClientKey } from '../gateway/clients/client-key-format.js';
import { issueClientKey, rotateClientKey } from '../gateway/clients/issue-client-key.js';
import type { ClientKeyRecord, GatewayStore } from '../gateway/store/types.js';
import { DEFAULTS } from '../core/defaults.js';
import { closest, parseArgs, stringOption as text, UsageError, type OptionSpec, type ParsedArgs, refusePositionals } from './args.js';
import { CLIENT_KEY_OPTIONS, clientKeySpecOf } from './client-key-options.js';
import { CommandFailure, exitOneOnFailure } from './command-failure.js';
import { printErr, printOut, toRedactedJson } from './output.js';
import { keyState, renderKeyTable, renderLimits } from './render-client-keys.js';
import { takeRepeated } from './repeated-option.js';
import { newStoreNote, openStoreFor } from './store-access.js';
import { writeSecretOnce } from './write-secret-once.js';

const COMMON: readonly OptionSpec[] = [
  { name: 'data-dir', takesValue: true, valueName: 'dir' },
  { name: 'json', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
];

const SUBCOMMANDS = {
  create: [...CLIENT_KEY_OPTIONS, ...COMMON],
  list: [{ name: 'all', takesValue: false }, ...COMMON],
  revoke: COMMON,
  rotate: COMMON,
} satisfies Record<string, readonly OptionSpec[]>;

type Subcommand = keyof typeof SUBCOMMANDS;

const RECHECK_SECONDS = Math.max(1, Math.round(DEFAULTS.gateway.clientKeysRecheckMs / 1000));

export const KEYS_HELP = `llmdoctor keys: client keys for the gateway (who may call it, and how much)

Usage
  llmdoctor keys create [--name <name>] [--models smart,fast] [--rpm 60] [--concurrency 4]
                        [--budget-tokens 2000000] [--budget-period day|week|month|total]
                        [--expires 30d] [--meta team=search --meta owner=ana] [--json]
  llmdoctor keys list [--all] [--json]
  llmdoctor keys revoke <id> [--json]
  llmdoctor keys rotate <id> [--json]
Every subcommand also takes --data-dir <dir>.

Once one client key exists, the gateway refuses every request that does not carry a valid one. Clients
send it the way their SDK sends an API key (Authorization: Bearer, x-api-key, x-goog-api-key or ?key=).
The whole key is shown once, by create and rotate: only its hash is stored, so store it then.

These commands work on the store file directly, whether or not a gateway is running; a running gateway
notices new, revoked and rotated keys within about ${RECHECK_SECONDS} s.

create options (each limit is off when not given)
  --name <name>             who or what uses the key, e.g. search-api
  --models <model,...>      the routes or models the key may ask for (default: any)
  --rpm <n>                 requests per minute
  --concurrency <n>         requests in progress at once
  --budget-tokens <n>       input + output tokens per budget period
  --budget-period <period>  day, week, month or total (default month; periods start at 00:00 UTC, weeks on Monday)
  --expires <when>          a span from now (30d, 12h, 2w) or a UTC date or time (2026-12-31, 2026-12-31T18:00:00Z)
  --meta <label=value>      a free-form label, e.g. team=search; repeat it for more

Other options
  --all                     list: include revoked and replaced keys
  --data-dir <dir>          the gateway's data folder (default: LLMDOCTOR_DATA_DIR, else ${DEFAULTS.gateway.dataDir} in
                            the current folder); must be the folder the gateway uses (its banner shows it)
  --json                    print JSON (create and rotate include the whole key, once)
  -h, --help                show this help

Exit codes: 0 done (revoking a revoked key included); 1 not found or not possible (an unknown id, no store
in the data folder, a store that cannot be opened, rotating a revoked key); 2 usage error (an unknown option
or subcommand, a bad value, a whole key given where its id belongs).
`;

/** `llmdoctor keys <subcommand>`: returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    await printOut(KEYS_HELP);
    return 0;
  }
  if (name === undefined) {
    printErr(KEYS_HELP);
    return 2;
  }
  if (!Object.hasOwn(SUBCOMMANDS, name)) throw unknownSubcommand(name);
  const subcommand = name as Subcommand;
  const spec = SUBCOMMANDS[subcommand];
  const command = `keys ${subcommand}`;
  // Only create has --meta, which may be repeated.
  const { values: meta, rest: remaining } = subcommand === 'create' ? takeRepeated(rest, 'meta', spec, command) : { values: [], rest };
  const args = parseArgs(remaining, spec, command);
  if (args.options.has('help')) {
    await printOut(KEYS_HELP);
    return 0;
  }
  return exitOneOnFailure(async () => {
    switch (subcommand) {
      case 'create':
        return create(args, meta);
      case 'list':
        return list(args);
      case 'revoke':
        return revoke(args);
      case 'rotate':
        return rotate(args);
    }
  });
}

async function create(args: ParsedArgs, meta: readonly string[]): Promise<number> {
  refusePositionals(args, 'keys create', 'keys');
  const now = Date.now();
  const spec = clientKeySpecOf(args, meta, now);
  const { store, choice, created } = openStoreFor(text(args, 'data-dir'), 'create');
  let issued: { key: string; record: ClientKeyRecord };
  let firstKey: boolean;
  try {
    firstKey = !store.hasIssuedClientKeys();
    issued = issueClientKey(store, spec, now);
  } finally {
    store.close();
  }
  const notes = [
    ...(created ? [newStoreNote(choice)] : []),
    ...(firstKey
      ? [`This is the first client key: from now on the gateway using ${choice.dataDir} refuses every request without a valid client key.`]
      : []),
  ];
  if (args.options.has('json')) {
    await writeSecretOnce(`${JSON.stringify({ key: issued.key, ...clientKeyJson(issued.record, now) }, null, 2)}\n`);
    for (const note of notes) printErr(`note: ${note}\n`);
    return 0;
  }
  await showNewKey(`Created client key ${describeKey(issued.record)}`, issued, now);
  await printOut(notes.map((note) => `${note}\n`).join('') + `The running gateway accepts it within about ${RECHECK_SECONDS} s.\n`);
  return 0;
}

async function list(args: ParsedArgs): Promise<number> {
  refusePositionals(args, 'keys list', 'keys');
  const now = Date.now();
  const { store } = openStoreFor(text(args, 'data-dir'), 'existing');
  let all: ClientKeyRecord[];
  try {
    all = store.listClientKeys({ includeRevoked: true });
  } finally {
    store.close();
  }
  const shown = args.options.has('all') ? all : all.filter((record) => record.revokedAt === null);
  if (args.options.has('json')) {
    await printOut(`${toRedactedJson(shown.map((record) => clientKeyJson(record, now)), 2)}\n`);
    return 0;
  }
  const hidden = all.length - shown.length;
  const hiddenNote = hidden > 0 ? `${hidden} revoked or replaced key${hidden === 1 ? '' : 's'} not shown (--all shows them).\n` : '';
  if (shown.length === 0) {
    await printOut(
      `No ${hidden > 0 ? 'active ' : ''}client keys in ${store.location}: the gateway accepts requests without a key.\n` +
        hiddenNote +
        'Create one: llmdoctor keys create --name <service>\n',
    );
    return 0;
  }
  const active = shown.filter((record) => keyState(record, now) === 'active').length;
  await printOut(`${renderKeyTable(shown, now)}\n${active} active of ${shown.length} shown, in ${store.location} (times in UTC).\n${hiddenNote}`);
  return 0;
}

async function revoke(args: ParsedArgs): Promise<number> {
  const id = onePositional(args, 'keys revoke');
  const now = Date.now();
  const { store } = openStoreFor(text(args, 'data-dir'), 'existing');
  let record: ClientKeyRecord;
  let alreadyRevoked: boolean;
  let anyActiveLeft: boolean;
  try {
    const found = findKey(store, id);
    alreadyRevoked = found.revokedAt !== null;
    if (!alreadyRevoked) store.revokeClientKey(found.id, now);
    record = store.clientKeyById(found.id) ?? found;
    anyActiveLeft = store.listClientKeys().some((key) => key.expiresAt === null || key.expiresAt > now);
  } finally {
    store.close();
  }
  if (args.options.has('json')) {
    await printOut(`${toRedactedJson(clientKeyJson(record, now), 2)}\n`);
    return 0;
  }
  const lines = alreadyRevoked
    ? [`${describeKey(record)} was already revoked on ${isoMinute(record.revokedAt)}${record.replacedBy ? ` (replaced by ${record.replacedBy})` : ''}: nothing changed.`]
    : [`Revoked ${describeKey(record)}. A running gateway refuses it within about ${RECHECK_SECONDS} s.`];
  if (!anyActiveLeft) {
    lines.push('No active client key is left: the gateway refuses every request until you create one (llmdoctor keys create).');
  }
  await printOut(`${lines.join('\n')}\n`);
  return 0;
}

async function rotate(args: ParsedArgs): Promise<number> {
  const id = onePositional(args, 'keys rotate');
  const now = Date.now();
  const { store } = openStoreFor(text(args, 'data-dir'), 'existing');
  let old: ClientKeyRecord;
  let issued: { key: string; record: ClientKeyRecord } | null;
  try {
    old = findKey(store, id);
    issued = old.revokedAt === null ? rotateClientKey(store, old.id, now) : null;
  } finally {
    store.close();
  }
  if (issued === null) {
    const successor = old.replacedBy === null ? '' : `; it was replaced by ${old.replacedBy}, which you can rotate`;
    throw new CommandFailure(`${describeKey(old)} is revoked, so there is nothing to rotate${successor}. Create a new key with llmdoctor keys create.`);
  }
  if (args.options.has('json')) {
    await writeSecretOnce(`${JSON.stringify({ key: issued.key, ...clientKeyJson(issued.record, now), replaces: old.id }, null, 2)}\n`);
    return 0;
  }
  await showNewKey(`Rotated ${describeKey(old)}: its replacement is ${describeKey(issued.record)}`, issued, now);
  await printOut(
    `${old.id} is revoked now: clients still sending it are refused with a message that it was replaced (within about ${RECHECK_SECONDS} s on a running gateway).\n`,
  );
  return 0;
}

/** The one place a whole key is printed: between a heading and its limits, with the warning that it is shown once. */
async function showNewKey(heading: string, issued: { key: string; record: ClientKeyRecord }, now: number): Promise<void> {
  await printOut(`${heading}\n\n`);
  await writeSecretOnce(`  ${issued.key}\n\n`);
  await printOut(
    `Store it now, it will not be shown again: only its hash is kept (from now on it shows as ${issued.record.masked}).\n` +
      'Clients send it as their API key (Authorization: Bearer, x-api-key, x-goog-api-key), with the gateway as base URL.\n\n' +
      `Limits\n${renderLimits(issued.record, now)}\n`,
  );
}

/** The key with this id; a whole key passed by mistake is looked up by its hash to tell its id, and never echoed. */
function findKey(store: GatewayStore, id: string): ClientKeyRecord {
  if (id.startsWith(CLIENT_KEY_PREFIX)) {
    const byKey = store.clientKeyByHash(hashClientKey(id.trim()));
    const hint = byKey === null ? 'no key in this store matches it' : `its id is ${byKey.id}`;
    throw new UsageError(`that is a client key itself, not its id (ids start with ck_): ${hint}. See the ids with llmdoctor keys list --all`);
  }
  const record = store.clientKeyById(id);
  if (record === null) throw new CommandFailure(`no client key ${id} in ${store.location}: see the ids with llmdoctor keys list --all (and check that --data-dir names the gateway's data folder)`);
  return record;
}

function describeKey(record: ClientKeyRecord): string {
  return `${record.id} (${record.name === null ? '' : `${record.name}, `}${record.masked})`;
}

function isoMinute(epochMs: number | null): string {
  return epochMs === null ? 'an unknown date' : `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function onePositional(args: ParsedArgs, command: string): string {
  const [id, extra] = args.positionals;
  if (id === undefined || id.trim() === '') throw new UsageError(`llmdoctor ${command} needs the key's id, e.g. llmdoctor ${command} ck_… (llmdoctor keys list shows the ids)`);
  if (extra !== undefined) throw new UsageError(`llmdoctor ${command} takes one id (got "${extra}" too). See: llmdoctor keys --help`);
  return id.trim();
}

function unknownSubcommand(name: string): UsageError {
  const known = Object.keys(SUBCOMMANDS);
  if (name.startsWith('-')) return new UsageError(`llmdoctor keys needs a subcommand first (${known.join(', ')}), e.g. llmdoctor keys list. See: llmdoctor keys --help`);
  const guess = closest(name, known);
  return new UsageError(`Unknown subcommand "keys ${name}".${guess ? ` Did you mean "llmdoctor keys ${guess}"?` : ` Subcommands: ${known.join(', ')}.`} See: llmdoctor keys --help`);
}
