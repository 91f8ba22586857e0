// `llmdoctor usage` run as a user runs it (node --import tsx src/cli/main.ts), on rows appended to a temp store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/gateway/store/sqlite-store.js';
import type { ClientKeyRecord, UsageRow } from '../../src/gateway/store/types.js';
import { runCli } from './run-cli.js';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const MARCH_1 = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function clientKey(id: string, name: string | null): ClientKeyRecord {
  return {
    id,
    hash: id.padEnd(64, '0'),
    masked: 'llmd_…abcd',
    name,
    models: null,
    requestsPerMinute: null,
    maxConcurrent: null,
    budgetTokens: null,
    budgetPeriod: 'month',
    expiresAt: null,
    metadata: {},
    createdAt: MARCH_1 - DAY,
    revokedAt: null,
    replacedBy: null,
  };
}

let requests = 0;
function usage(time: number, clientKeyId: string | null, modelServed: string | null, over: Partial<UsageRow> = {}): UsageRow {
  requests += 1;
  return {
    time,
    requestId: `req-${requests}`,
    clientKeyId,
    route: null,
    operation: 'chat',
    modelAsked: modelServed,
    modelServed,
    upstream: 'openai',
    keyFingerprint: 'abc123',
    inputTokens: 100,
    outputTokens: 10,
    attempts: 1,
    latencyMs: 200,
    ttftMs: null,
    status: 200,
    streamed: false,
    resumed: false,
    answerId: null,
    categories: '',
    ...over,
  };
}

/** A cwd with a store in `.llmdoctor` holding these keys and rows. */
function storeWith(keys: ClientKeyRecord[], rows: UsageRow[]): string {
  const cwd = mkdtempSync(join(tmpdir(), 'llmdoctor-usage-cli-'));
  made.push(cwd);
  const store = openSqliteStore(join(cwd, '.llmdoctor'));
  try {
    for (const key of keys) store.insertClientKey(key);
    if (rows.length > 0) store.appendUsage(rows);
  } finally {
    store.close();
  }
  return cwd;
}

const SEARCH = 'ck_search000000001';
const ODD = 'ck_oddname00000001';
const MARCH = ['--since', '2026-03-01', '--until', '2026-03-02'];

/** Two days, three clients (one without a key), two models; every total is known. */
function marchStore(): string {
  return storeWith(
    [clientKey(SEARCH, 'search-api'), clientKey(ODD, 'team "a", west')],
    [
      usage(MARCH_1 + 1 * HOUR, SEARCH, 'gpt-4o', { inputTokens: 1_000, outputTokens: 200, latencyMs: 400 }),
      usage(MARCH_1 + 2 * HOUR, SEARCH, 'gpt-4o', { inputTokens: 3_000, outputTokens: 600, latencyMs: 1_600, attempts: 3, status: 200 }),
      usage(MARCH_1 + 3 * HOUR, SEARCH, 'gpt-4o', { inputTokens: 0, outputTokens: 0, latencyMs: 100, attempts: 4, status: 429 }),
      usage(MARCH_1 + 4 * HOUR, null, 'claude-sonnet-4-5', { inputTokens: 50, outputTokens: 5, latencyMs: 300 }),
      usage(MARCH_1 + DAY + 23 * HOUR + 59 * 60_000, ODD, 'gemini, "flash"', { inputTokens: 7, outputTokens: 3, latencyMs: 2_500 }),
      usage(MARCH_1 + 2 * DAY + HOUR, SEARCH, 'gpt-4o', { inputTokens: 999_999, outputTokens: 1 }),
    ],
  );
}

describe('llmdoctor usage', () => {
  it('a table per day, client and model with totals; --until DATE includes that day, not the next', async () => {
    const cwd = marchStore();
    const result = await runCli(['usage', ...MARCH], { cwd });
    assert.equal(result.code, 0, result.stderr);
    const [heading, blank, ...table] = result.stdout.split('\n');
    assert.equal(heading, `Usage since 2026-03-01 00:00 UTC until 2026-03-03 00:00 UTC (days in UTC), from ${join(cwd, '.llmdoctor', 'gateway.sqlite')}`);
    assert.equal(blank, '');
    assert.deepEqual(table.map((line) => line.split(/ {2,}/)), [
      ['DAY', 'CLIENT', 'MODEL', 'REQUESTS', 'FAILED', 'INPUT TOKENS', 'OUTPUT TOKENS', 'ATTEMPTS', 'AVG LATENCY'],
      ['2026-03-01', '(no client key)', 'claude-sonnet-4-5', '1', '0', '50', '5', '1', '300 ms'],
      ['2026-03-01', `search-api (${SEARCH})`, 'gpt-4o', '3', '1', '4,000', '800', '8', '700 ms'],
      ['2026-03-02', `team "a", west (${ODD})`, 'gemini, "flash"', '1', '0', '7', '3', '1', '2.5 s'],
      [table[4] ?? ''],
      ['total', '5', '1', '4,057', '808', '10', '980 ms'],
      [''],
    ]);
    assert.match(table[4] ?? '', /^-+$/);
  });

  it('--csv: a header row, RFC 4180 quoting, CRLF line ends', async () => {
    const result = await runCli(['usage', ...MARCH, '--csv'], { cwd: marchStore() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      'day,client_key_id,client_name,model,requests,failed,input_tokens,output_tokens,attempts,avg_latency_ms\r\n' +
        '2026-03-01,,,claude-sonnet-4-5,1,0,50,5,1,300\r\n' +
        `2026-03-01,${SEARCH},search-api,gpt-4o,3,1,4000,800,8,700\r\n` +
        `2026-03-02,${ODD},"team ""a"", west","gemini, ""flash""",1,0,7,3,1,2500\r\n`,
    );
  });

  it('--json: an array of rows named like the CSV columns; --client keeps one client', async () => {
    const cwd = marchStore();
    const result = await runCli(['usage', ...MARCH, '--json', '--client', SEARCH], { cwd });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), [
      {
        day: '2026-03-01',
        client_key_id: SEARCH,
        client_name: 'search-api',
        model: 'gpt-4o',
        requests: 3,
        failed: 1,
        input_tokens: 4_000,
        output_tokens: 800,
        attempts: 8,
        avg_latency_ms: 700,
      },
    ]);
    const all = JSON.parse((await runCli(['usage', ...MARCH, '--json'], { cwd })).stdout) as unknown[];
    assert.equal(all.length, 3);
  });

  it('the default window is the last 30 days', async () => {
    const now = Date.now();
    const cwd = storeWith([], [usage(now - HOUR, null, 'recent-model'), usage(now - 31 * DAY, null, 'old-model')]);
    const result = await runCli(['usage', '--json'], { cwd });
    assert.deepEqual((JSON.parse(result.stdout) as Array<{ model: string }>).map((row) => row.model), ['recent-model']);
    const spanned = await runCli(['usage', '--json', '--since', '5w'], { cwd });
    assert.equal((JSON.parse(spanned.stdout) as unknown[]).length, 2);
  });

  it('an empty store says so and how usage gets there; --json and --csv stay machine-readable', async () => {
    const cwd = storeWith([], []);
    const text = await runCli(['usage'], { cwd });
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^No usage recorded yet in .*gateway\.sqlite\.\nThe gateway records one row per request it serves .*send requests through it\. If it has served some, check that --data-dir \(or LLMDOCTOR_DATA_DIR\) names the data folder the gateway uses/);
    assert.equal((await runCli(['usage', '--json'], { cwd })).stdout, '[]\n');
    assert.equal((await runCli(['usage', '--csv'], { cwd })).stdout, 'day,client_key_id,client_name,model,requests,failed,input_tokens,output_tokens,attempts,avg_latency_ms\r\n');
  });

  it('usage outside the window: says when the latest request was', async () => {
    const result = await runCli(['usage', '--since', '2026-03-10', '--until', '2026-03-11'], { cwd: marchStore() });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^No usage since 2026-03-10 00:00 UTC until 2026-03-12 00:00 UTC in .*; the latest request recorded was at 2026-03-03 01:00 UTC: widen --since or --until/);
  });
});

describe('llmdoctor usage: mistakes', () => {
  it('no store where it looked: exit 1 with the folder and how to name the right one', async () => {
    const cwd = storeWith([], []);
    const result = await runCli(['usage', '--data-dir', 'elsewhere'], { cwd });
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`^llmdoctor: no data folder at ${join(cwd, 'elsewhere')} \\(from --data-dir\\)\\..*LLMDOCTOR_DATA_DIR`));
  });

  it('an unknown client: exit 1; bad options: exit 2 saying the forms', async () => {
    const cwd = marchStore();
    const unknown = await runCli(['usage', '--client', 'ck_nobody'], { cwd });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no client key ck_nobody in .*: see the ids with llmdoctor keys list --all/);
    const cases: Array<[string[], RegExp]> = [
      [['--since', 'last week'], /--since takes a span back from now \(7d, 12h, 2w\) or a UTC date or time \(2026-11-01, 2026-11-01T12:00:00Z\) \(got "last week"\)/],
      [['--since', '2026-02-30'], /--since takes a span back from now/],
      [['--json', '--csv'], /--json and --csv ask for two formats: choose one/],
      [['--since', '2026-03-05', '--until', '2026-03-01'], /--until \(2026-03-02 00:00 UTC\) is not after --since \(2026-03-05 00:00 UTC\)/],
      [['extra'], /llmdoctor usage takes no arguments/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['usage', ...args], { cwd });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
  });

  it('--help: exit 0 with the formats and exit codes', async () => {
    const help = await runCli(['usage', '--help'], { cwd: storeWith([], []) });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--since <when> +from then on \(default 30d\)/);
    assert.match(help.stdout, /Exit codes: 0 done \(also when there is no usage yet\); 1 not found/);
  });
});
