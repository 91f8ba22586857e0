import { usageJson } from '../gateway/admin/usage-json.js';
import type { GatewayStore, UsageQuery, UsageSummaryRow } from '../gateway/store/types.js';
import { stringOption as text, UsageError, type OptionSpec, type ParsedArgs } from './args.js';
import { commandOptions } from './command-options.js';
import { CommandFailure, exitOneOnFailure } from './command-failure.js';
import { printOut, toRedactedJson } from './output.js';
import { renderUsageCsv, renderUsageTable } from './render-usage.js';
import { openStoreFor } from './store-access.js';
import { minuteUtc } from './text-table.js';
import { instantOption, TIME_FORMS } from './time-arguments.js';
import { DEFAULTS } from '../core/defaults.js';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'since', takesValue: true, valueName: 'when' },
  { name: 'until', takesValue: true, valueName: 'when' },
  { name: 'client', takesValue: true, valueName: 'id' },
  { name: 'json', takesValue: false },
  { name: 'csv', takesValue: false },
  { name: 'data-dir', takesValue: true, valueName: 'dir' },
  { name: 'help', takesValue: false, short: 'h' },
];

const DEFAULT_SINCE = '30d';

export const USAGE_HELP = `llmdoctor usage: what the gateway served, per UTC day, client key and model

Usage
  llmdoctor usage [--since 7d|2026-11-01] [--until 2026-11-30] [--client <id>] [--json | --csv] [--data-dir <dir>]

Each row: requests, failed requests (status 400 or more), input and output tokens as the providers
counted them, attempts (retries and fallbacks included) and average latency; the table ends with totals.
Read from the gateway's store, whether or not the gateway is running (it writes usage in batches, about
every ${DEFAULTS.gateway.usage.flushMs} ms).

Options
  --since <when>     from then on (default ${DEFAULT_SINCE}): ${TIME_FORMS}
  --until <when>     up to then (default now); a date includes that whole day
  --client <id>      one client key (ids: llmdoctor keys list --all)
  --json             an array of rows, the fields named as in --csv
  --csv              CSV with a header row (${'day,client_key_id,client_name,model,requests,...'})
  --data-dir <dir>   the gateway's data folder (default: LLMDOCTOR_DATA_DIR, else ${DEFAULTS.gateway.dataDir} in the
                     current folder); must be the folder the gateway uses (its banner shows it)
  -h, --help         show this help

Exit codes: 0 done (also when there is no usage yet); 1 not found (no store in the data folder, an unknown
client id, a store that cannot be opened); 2 usage error.
`;

/** `llmdoctor usage`: returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const args = await commandOptions(argv, OPTIONS, 'usage', USAGE_HELP);
  if (args === null) return 0;
  if (args.options.has('json') && args.options.has('csv')) throw new UsageError('--json and --csv ask for two formats: choose one');
  const now = Date.now();
  const query = usageQuery(args, now);
  return exitOneOnFailure(async () => {
    const { store } = openStoreFor(text(args, 'data-dir'), 'existing');
    let rows: UsageSummaryRow[];
    let latest: number | null;
    try {
      if (query.clientKeyId !== undefined) knownClient(store, query.clientKeyId);
      rows = store.usageSummary(query);
      latest = rows.length > 0 ? null : (store.usageRows({ limit: 1 })[0]?.time ?? null);
    } finally {
      store.close();
    }
    if (args.options.has('json')) {
      await printOut(`${toRedactedJson(usageJson(query, rows).rows, 2)}\n`);
    } else if (args.options.has('csv')) {
      await printOut(renderUsageCsv(rows));
    } else if (rows.length === 0) {
      await printOut(`${emptyMessage(store.location, query, latest)}\n`);
    } else {
      await printOut(`${heading(store.location, query)}\n${renderUsageTable(rows)}`);
    }
    return 0;
  });
}

function usageQuery(args: ParsedArgs, now: number): UsageQuery {
  const since = instantOption('since', text(args, 'since') ?? DEFAULT_SINCE, now, 'start');
  const untilText = text(args, 'until');
  const until = untilText === undefined ? undefined : instantOption('until', untilText, now, 'end');
  if (until !== undefined && until <= since) {
    throw new UsageError(`--until (${minuteUtc(until)} UTC) is not after --since (${minuteUtc(since)} UTC): swap them or widen the range`);
  }
  const client = text(args, 'client')?.trim();
  return { since, ...(until === undefined ? {} : { until }), ...(client ? { clientKeyId: client } : {}) };
}

function knownClient(store: GatewayStore, id: string): void {
  if (store.clientKeyById(id) !== null) return;
  throw new CommandFailure(`no client key ${id} in ${store.location}: see the ids with llmdoctor keys list --all (and check that --data-dir names the gateway's data folder)`);
}

function heading(location: string, query: UsageQuery): string {
  const client = query.clientKeyId === undefined ? '' : `, client ${query.clientKeyId}`;
  return `Usage ${range(query)}${client} (days in UTC), from ${location}\n`;
}

function emptyMessage(location: string, query: UsageQuery, latest: number | null): string {
  if (latest === null) {
    return (
      `No usage recorded yet in ${location}.\n` +
      'The gateway records one row per request it serves (written in batches, within a fraction of a second): send requests through it. ' +
      'If it has served some, check that --data-dir (or LLMDOCTOR_DATA_DIR) names the data folder the gateway uses: its startup banner shows it.'
    );
  }
  const client = query.clientKeyId === undefined ? '' : ` for client ${query.clientKeyId}`;
  return `No usage ${range(query)}${client} in ${location}; the latest request recorded was at ${minuteUtc(latest)} UTC: widen --since or --until, or drop --client.`;
}

function range(query: UsageQuery): string {
  const since = query.since === undefined ? 'from the start' : `since ${minuteUtc(query.since)} UTC`;
  const until = query.until === undefined ? '' : ` until ${minuteUtc(query.until)} UTC`;
  return `${since}${until}`;
}
