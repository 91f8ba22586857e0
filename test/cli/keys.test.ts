// `llmdoctor keys` run as a user runs it (node --import tsx src/cli/main.ts), on a store in a temp folder.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLIENT_KEY_OPTIONS } from '../../src/cli/client-key-options.js';
import { takeRepeated } from '../../src/cli/repeated-option.js';
import { expiryOption } from '../../src/cli/time-arguments.js';
import { openSqliteStore } from '../../src/gateway/store/sqlite-store.js';
import type { ClientKeyRecord } from '../../src/gateway/store/types.js';
import { runCli, type CliResult } from './run-cli.js';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llmdoctor-keys-cli-'));
  made.push(dir);
  return dir;
}

const WHOLE_KEY = /llmd_[0-9A-Za-z]{40}/g;

/** The whole keys a command printed; `keys create` and `rotate` must print exactly one, every other command none. */
function wholeKeys(result: CliResult): string[] {
  return [...`${result.stdout}\n${result.stderr}`.matchAll(WHOLE_KEY)].map((match) => match[0]);
}

function recordOf(dataDir: string, key: string): ClientKeyRecord | null {
  const store = openSqliteStore(dataDir);
  try {
    return store.clientKeyByHash(createHash('sha256').update(key).digest('hex'));
  } finally {
    store.close();
  }
}

function recordById(dataDir: string, id: string): ClientKeyRecord | null {
  const store = openSqliteStore(dataDir);
  try {
    return store.clientKeyById(id);
  } finally {
    store.close();
  }
}

/** Every file of the store (the database and its WAL), as text. */
function storeBytes(dataDir: string): string {
  return readdirSync(dataDir)
    .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
    .join('\n');
}

const JSON_FIELDS = ['budget_period', 'budget_tokens', 'created_at', 'expires_at', 'id', 'masked', 'max_concurrent', 'metadata', 'models', 'name', 'replaced_by', 'revoked_at', 'rpm', 'status'];

describe('llmdoctor keys: the lifecycle', () => {
  it('create -> list -> rotate -> revoke: each whole key printed once, by the command that made it, and stored only as a hash', async () => {
    const cwd = tempDir();
    const dataDir = join(cwd, 'data');
    const keys = (...args: string[]) => runCli(['keys', ...args, '--data-dir', dataDir], { cwd });
    const outputs: CliResult[] = [];

    const create = await keys('create', '--name', 'search-api', '--models', 'smart,fast', '--rpm', '60', '--concurrency', '4', '--budget-tokens', '2000000', '--budget-period', 'week', '--expires', '30d', '--meta', 'team=search', '--meta=owner=ana');
    assert.equal(create.code, 0, create.stderr);
    const [key, ...extra] = wholeKeys(create);
    assert.ok(key !== undefined && extra.length === 0, `one whole key in:\n${create.stdout}`);
    assert.match(create.stdout, new RegExp(`^  ${key}$`, 'm'), 'the key on a line of its own');
    assert.match(create.stdout, /Store it now, it will not be shown again/);
    assert.match(create.stdout, /models {6}smart, fast\n/);
    assert.match(create.stdout, /requests {4}60 per minute\n/);
    assert.match(create.stdout, /concurrent {2}4 at once\n/);
    assert.match(create.stdout, /budget {6}2,000,000 tokens per week \(UTC\)\n/);
    assert.match(create.stdout, /expires {5}\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 30 days\)\n/);
    assert.match(create.stdout, /metadata {4}team=search owner=ana\n/);
    assert.match(create.stdout, /Started a new store in .*data.*the gateway must use this same folder/i);
    assert.match(create.stdout, /This is the first client key: from now on the gateway using .* refuses every request without a valid client key/);

    const created = recordOf(dataDir, key);
    assert.ok(created !== null, 'the printed key is the stored one');
    assert.deepEqual(
      { ...created, id: '', hash: '', masked: '', createdAt: 0, expiresAt: 0 },
      { id: '', hash: '', masked: '', name: 'search-api', models: ['smart', 'fast'], requestsPerMinute: 60, maxConcurrent: 4, budgetTokens: 2_000_000, budgetPeriod: 'week', expiresAt: 0, metadata: { team: 'search', owner: 'ana' }, createdAt: 0, revokedAt: null, replacedBy: null },
    );
    assert.ok(Math.abs((created.expiresAt ?? 0) - created.createdAt - 30 * 86_400_000) < 1_000);
    assert.match(create.stdout, new RegExp(`Created client key ${created.id} \\(search-api, ${created.masked.replace('…', '…')}\\)`));

    const second = await keys('create', '--name', 'batch-jobs');
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /only active client key|Started a new store/, 'not the first key, not a new store');
    const [secondKey] = wholeKeys(second);
    assert.ok(secondKey !== undefined && secondKey !== key);

    const list = await keys('list');
    outputs.push(list);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ID +NAME +KEY +MODELS +RPM +CONCURRENT +BUDGET +CREATED +EXPIRES +STATE +METADATA$/m);
    assert.match(list.stdout, new RegExp(`^${created.id} +search-api +${created.masked} +smart,fast +60 +4 +2,000,000/week .* active +team=search owner=ana$`, 'm'));
    assert.match(list.stdout, /2 active of 2 shown/);

    const listJson = await keys('list', '--json');
    outputs.push(listJson);
    const listed = JSON.parse(listJson.stdout) as Array<Record<string, unknown>>;
    assert.equal(listed.length, 2);
    for (const item of listed) assert.deepEqual(Object.keys(item).sort(), JSON_FIELDS);
    assert.deepEqual(listed[0], {
      id: created.id,
      masked: created.masked,
      name: 'search-api',
      status: 'active',
      models: ['smart', 'fast'],
      rpm: 60,
      max_concurrent: 4,
      budget_tokens: 2_000_000,
      budget_period: 'week',
      expires_at: new Date(created.expiresAt ?? 0).toISOString(),
      metadata: { team: 'search', owner: 'ana' },
      created_at: new Date(created.createdAt).toISOString(),
      revoked_at: null,
      replaced_by: null,
    });

    const rotate = await keys('rotate', created.id);
    assert.equal(rotate.code, 0, rotate.stderr);
    const [rotatedKey, ...rotateExtra] = wholeKeys(rotate);
    assert.ok(rotatedKey !== undefined && rotateExtra.length === 0 && rotatedKey !== key, rotate.stdout);
    assert.match(rotate.stdout, /Store it now, it will not be shown again/);
    const replacement = recordOf(dataDir, rotatedKey);
    assert.ok(replacement !== null);
    assert.equal(replacement.name, 'search-api');
    assert.equal(replacement.budgetTokens, 2_000_000);
    assert.equal(replacement.expiresAt, created.expiresAt);
    const old = recordById(dataDir, created.id);
    assert.equal(old?.replacedBy, replacement.id);
    assert.ok(old?.revokedAt !== null);
    assert.match(rotate.stdout, new RegExp(`${created.id} is revoked now`));

    const afterRotate = await keys('list');
    outputs.push(afterRotate);
    assert.doesNotMatch(afterRotate.stdout, new RegExp(created.id), 'a replaced key is hidden without --all');
    assert.match(afterRotate.stdout, /1 revoked or replaced key not shown \(--all shows them\)/);
    const all = await keys('list', '--all');
    outputs.push(all);
    assert.match(all.stdout, new RegExp(`^${created.id} .* replaced by ${replacement.id}`, 'm'));

    const revoke = await keys('revoke', replacement.id);
    outputs.push(revoke);
    assert.equal(revoke.code, 0, revoke.stderr);
    assert.match(revoke.stdout, new RegExp(`^Revoked ${replacement.id} \\(search-api, llmd_…[0-9A-Za-z]{4}\\)\\. A running gateway refuses it within about 1 s\\.$`, 'm'));
    assert.doesNotMatch(revoke.stdout, /No active client key is left/, 'batch-jobs is still active');
    assert.ok(recordById(dataDir, replacement.id)?.revokedAt !== null);

    const again = await keys('revoke', replacement.id);
    outputs.push(again);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /was already revoked on .*: nothing changed/);

    const last = await keys('revoke', recordOf(dataDir, secondKey)?.id ?? 'missing');
    outputs.push(last);
    assert.match(last.stdout, /No active client key is left: the gateway refuses every request until you create one/);
    const empty = await keys('list');
    outputs.push(empty);
    assert.match(empty.stdout, /^No active client keys in .*gateway\.sqlite: the gateway accepts requests without a key\.\n3 revoked or replaced keys not shown/);

    for (const output of outputs) assert.deepEqual(wholeKeys(output), [], `no whole key in:\n${output.stdout}${output.stderr}`);
    const bytes = storeBytes(dataDir);
    for (const whole of [key, secondKey, rotatedKey]) assert.ok(!bytes.includes(whole), 'the store holds hashes only');
  });

  it('--json: create and rotate carry the whole key once; revoke the record; none carries a hash', async () => {
    const cwd = tempDir();
    const create = await runCli(['keys', 'create', '--json', '--budget-tokens', '1000', '--expires', '2099-01-01'], { cwd });
    assert.equal(create.code, 0, create.stderr);
    const issued = JSON.parse(create.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(issued).sort(), ['key', ...JSON_FIELDS].sort());
    assert.match(String(issued.key), /^llmd_[0-9A-Za-z]{40}$/);
    assert.equal(issued.budget_period, 'month', 'the default period');
    assert.equal(issued.expires_at, '2099-01-01T00:00:00.000Z');
    assert.equal(issued.name, null);
    assert.deepEqual(wholeKeys(create), [issued.key]);
    assert.match(create.stderr, /^note: Started a new store in .*\.llmdoctor/m, 'notes go to stderr, stdout stays JSON');
    assert.equal(recordOf(join(cwd, '.llmdoctor'), String(issued.key))?.id, issued.id, 'the default data folder is .llmdoctor in cwd');

    const rotate = await runCli(['keys', 'rotate', String(issued.id), '--json'], { cwd });
    assert.equal(rotate.code, 0, rotate.stderr);
    const rotated = JSON.parse(rotate.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(rotated).sort(), ['key', 'replaces', ...JSON_FIELDS].sort());
    assert.equal(rotated.replaces, issued.id);
    assert.notEqual(rotated.key, issued.key);

    const revoke = await runCli(['keys', 'revoke', String(rotated.id), '--json'], { cwd });
    const revoked = JSON.parse(revoke.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(revoked).sort(), JSON_FIELDS);
    assert.equal(revoked.status, 'revoked');
    for (const output of [rotate, revoke]) assert.ok(!output.stdout.includes('"hash"'));
    assert.deepEqual(wholeKeys(revoke), []);
  });

  it('LLMDOCTOR_DATA_DIR names the store when --data-dir is absent, as for the gateway', async () => {
    const cwd = tempDir();
    const env = { LLMDOCTOR_DATA_DIR: 'shared-store' };
    const create = await runCli(['keys', 'create', '--name', 'via-env'], { cwd, env });
    assert.equal(create.code, 0, create.stderr);
    assert.ok(existsSync(join(cwd, 'shared-store', 'gateway.sqlite')));
    assert.ok(!existsSync(join(cwd, '.llmdoctor')));
    const list = await runCli(['keys', 'list'], { cwd, env });
    assert.match(list.stdout, /via-env/);
  });
});

describe('llmdoctor keys: mistakes', () => {
  it('no store where it looked: exit 1, says where and which setting must match the gateway, and creates nothing', async () => {
    const cwd = tempDir();
    for (const args of [['list'], ['revoke', 'ck_abc'], ['rotate', 'ck_abc']]) {
      const result = await runCli(['keys', ...args, '--data-dir', 'nowhere'], { cwd });
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`^llmdoctor: no data folder at ${join(cwd, 'nowhere')} \\(from --data-dir\\)\\. It must be the gateway's data folder`));
      assert.match(result.stderr, /pass --data-dir <folder>, or set LLMDOCTOR_DATA_DIR/);
    }
    const byDefault = await runCli(['keys', 'list'], { cwd });
    assert.match(byDefault.stderr, /no data folder at .*\.llmdoctor \(from the default, \.llmdoctor in the current folder\)/);
    assert.ok(!existsSync(join(cwd, 'nowhere')) && !existsSync(join(cwd, '.llmdoctor')));
  });

  it('an unknown id: exit 1 and a pointer to keys list; a rotated key cannot be rotated again', async () => {
    const cwd = tempDir();
    const create = await runCli(['keys', 'create', '--json'], { cwd });
    const issued = JSON.parse(create.stdout) as { id: string; key: string };
    const unknown = await runCli(['keys', 'revoke', 'ck_doesnotexist'], { cwd });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^llmdoctor: no client key ck_doesnotexist in .*gateway\.sqlite: see the ids with llmdoctor keys list --all/);
    await runCli(['keys', 'rotate', issued.id], { cwd });
    const twice = await runCli(['keys', 'rotate', issued.id], { cwd });
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /is revoked, so there is nothing to rotate; it was replaced by ck_\w+, which you can rotate/);
  });

  it('the whole key given instead of its id: exit 2, tells the id, never echoes the key', async () => {
    const cwd = tempDir();
    const issued = JSON.parse((await runCli(['keys', 'create', '--json'], { cwd })).stdout) as { id: string; key: string };
    const result = await runCli(['keys', 'revoke', issued.key], { cwd });
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`that is a client key itself, not its id \\(ids start with ck_\\): its id is ${issued.id}`));
    assert.deepEqual(wholeKeys(result), []);
    assert.equal(recordById(join(cwd, '.llmdoctor'), issued.id)?.revokedAt, null, 'nothing revoked');
  });

  const badValues: Array<[string[], RegExp]> = [
    [['--budget-tokens', '100', '--budget-period', 'year'], /--budget-period must be one of day, week, month, total \(got "year"\)/],
    [['--budget-period', 'day'], /--budget-period needs --budget-tokens/],
    [['--rpm', '0'], /--rpm takes a whole number of 1 or more \(got "0"\)/],
    [['--concurrency', 'four'], /--concurrency takes a whole number of 1 or more \(got "four"\)/],
    [['--expires', '2020-01-01'], /--expires 2020-01-01 is already past/],
    [['--expires', 'soon'], /--expires takes a span from now \(30d, 12h, 2w\) or a UTC date or time/],
    [['--meta', 'team'], /--meta takes label=value, e.g\. --meta team=search/],
    [['--meta', 'team=a', '--meta', 'team=b'], /--meta team is given twice/],
    [['--models', ' , '], /--models takes route or model names separated by commas/],
    [['--name', 'x'.repeat(201)], /^llmdoctor: --name: name must be a non-empty string of at most 200 characters/],
    [['--budget-token', '60'], /Unknown option --budget-token for "llmdoctor keys create"\. Did you mean --budget-tokens\?/],
    [['extra'], /llmdoctor keys create takes no arguments/],
  ];
  for (const [args, message] of badValues) {
    it(`create ${args.join(' ').slice(0, 40)}: exit 2 saying what is allowed`, async () => {
      const cwd = tempDir();
      const result = await runCli(['keys', 'create', ...args], { cwd });
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stderr, message);
      assert.ok(!existsSync(join(cwd, '.llmdoctor')), 'nothing created');
    });
  }

  it('subcommands: none prints the help (exit 2), a typo suggests one, ids are required', async () => {
    const cwd = tempDir();
    const none = await runCli(['keys'], { cwd });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^llmdoctor keys: client keys for the gateway/);
    const typo = await runCli(['keys', 'lst'], { cwd });
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Unknown subcommand "keys lst"\. Did you mean "llmdoctor keys list"\?/);
    const noId = await runCli(['keys', 'revoke'], { cwd });
    assert.equal(noId.code, 2);
    assert.match(noId.stderr, /llmdoctor keys revoke needs the key's id/);
    const listFlag = await runCli(['keys', 'list', '--rpm', '5'], { cwd });
    assert.equal(listFlag.code, 2, 'create options are not list options');
  });

  it('--help: exit 0, every subcommand and the exit codes', async () => {
    const help = await runCli(['keys', 'create', '--help'], { cwd: tempDir() });
    assert.equal(help.code, 0);
    for (const text of ['keys create', 'keys list', 'keys revoke <id>', 'keys rotate <id>', '--budget-period <period>', 'Exit codes: 0 done', '1 not found or not possible', '2 usage error']) {
      assert.ok(help.stdout.includes(text), text);
    }
    const main = await runCli(['--help'], { cwd: tempDir() });
    assert.match(main.stdout, /^ {2}keys {5}client keys for the gateway/m);
  });
});

describe('keys create: option helpers', () => {
  it('--meta is collected in order in both spellings; a value that reads --meta belongs to its own option', () => {
    const argv = ['--meta', 'team=search', '--name', '--meta', '--meta=owner=ana', '--', '--meta', 'x=y'];
    assert.deepEqual(takeRepeated(argv, 'meta', CLIENT_KEY_OPTIONS, 'keys create'), {
      values: ['team=search', 'owner=ana'],
      rest: ['--name', '--meta', '--', '--meta', 'x=y'],
    });
    assert.throws(() => takeRepeated(['--meta'], 'meta', CLIENT_KEY_OPTIONS, 'keys create'), /--meta needs a value/);
  });

  it('--expires: spans from now, dates at 00:00 UTC, times as written; past or impossible dates refused', () => {
    const now = Date.UTC(2026, 10, 1, 12);
    assert.equal(expiryOption('30d', now), now + 30 * 86_400_000);
    assert.equal(expiryOption('2w', now), now + 14 * 86_400_000);
    assert.equal(expiryOption('12h', now), now + 12 * 3_600_000);
    assert.equal(expiryOption('2026-12-31', now), Date.UTC(2026, 11, 31));
    assert.equal(expiryOption('2026-11-01T18:30:00+02:00', now), Date.UTC(2026, 10, 1, 16, 30));
    assert.throws(() => expiryOption('2026-11-01', now), /already past/);
    assert.throws(() => expiryOption('2026-02-30', now), /--expires takes/);
    assert.throws(() => expiryOption('0d', now), /--expires takes/);
  });
});
