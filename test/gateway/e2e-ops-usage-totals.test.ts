import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import type { Mode } from './support/call-outcome.js';
import { inParallel } from './support/in-parallel.js';
import { adminRequest, createClientKey } from './support/ops-admin.js';
import { FORMATS, MODEL_OF, sdkCall, type Format } from './support/ops-callers.js';
import { newAdminToken, startOpsRig, type OpsRig } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';

/** Routes of each format and what happens on them (the mock plays a scenario per key). */
const SERVED_ROUTES = ['direct', 'failover', 'pool'] as const;
const FAILING_ROUTES = ['refused', 'dead'] as const;
const MODES: readonly Mode[] = ['plain', 'stream'];
const REPEATS = 2;

interface Totals {
  requests: number;
  failed: number;
  input: number;
  output: number;
}

const emptyTotals = (): Totals => ({ requests: 0, failed: 0, input: 0, output: 0 });

function add(totals: Totals, row: { failed: boolean; input: number; output: number }): void {
  totals.requests += 1;
  totals.failed += row.failed ? 1 : 0;
  totals.input += row.input;
  totals.output += row.output;
}

/** Summary rows (the store's, the admin API's, the CLI's) folded per client key. */
function foldSummary(rows: ReadonlyArray<{ client: string | null; requests: number; failed: number; input: number; output: number }>): Record<string, Totals> {
  const totals: Record<string, Totals> = {};
  for (const row of rows) {
    const sum = (totals[row.client ?? 'none'] ??= emptyTotals());
    sum.requests += row.requests;
    sum.failed += row.failed;
    sum.input += row.input;
    sum.output += row.output;
  }
  return totals;
}

function fromJsonRows(rows: unknown): Record<string, Totals> {
  assert.ok(Array.isArray(rows));
  return foldSummary(
    (rows as Array<Record<string, number | string | null>>).map((row) => ({
      client: row.client_key_id as string | null,
      requests: Number(row.requests),
      failed: Number(row.failed),
      input: Number(row.input_tokens),
      output: Number(row.output_tokens),
    })),
  );
}

/**
 * What the store counts is what the providers reported, exactly: every request through the gateway
 * (plain and streamed, in the three formats, some failing over, some retried on another key, some
 * failing) is summed from the usage its client received, and compared with the usage rows, the
 * store's summary, `GET /admin/usage` and `llmdoctor usage --json`.
 */
describe('e2e ops: usage totals match what the mock served', () => {
  let rig: OpsRig;
  const token = newAdminToken();

  before(async () => {
    rig = await startOpsRig({
      upstreams: (mock) =>
        FORMATS.flatMap((format) => [
          { name: `${format}-ok`, provider: format, keys: [mock.issueKey(format)] },
          { name: `${format}-broken`, provider: format, keys: [mock.issueKey(format, 'server_error')] },
          // The first key is refused for its rate limit and rests; the second serves
          { name: `${format}-pool`, provider: format, keys: [mock.issueKey(format, 'rate_limited'), mock.issueKey(format)] },
          { name: `${format}-refuses`, provider: format, keys: [mock.issueKey(format, 'bad_request')] },
        ]),
      routes: FORMATS.flatMap((format) => {
        const target = (upstream: string) => ({ upstream: `${format}-${upstream}`, model: MODEL_OF[format] });
        return [
          { model: `${format}-direct`, targets: [target('ok')] },
          { model: `${format}-failover`, targets: [target('broken'), target('ok')] },
          { model: `${format}-pool`, targets: [target('pool')] },
          { model: `${format}-refused`, targets: [target('refuses')] },
          { model: `${format}-dead`, targets: [target('broken')] },
        ];
      }),
      // The broken target is failed over on every request (no breaker opening in between)
      policies: { breaker: { failureThreshold: 1_000 } },
      operations: { adminToken: token },
    });
  });
  after(() => rig?.close());

  it('tokens, requests and failures agree exactly between the answers, the store, the admin API and the CLI', { timeout: 30_000 }, async () => {
    const clients = [await createClientKey(rig.gateway.url, token, { name: 'alpha' }), await createClientKey(rig.gateway.url, token, { name: 'beta' })];
    await waitUntil('client keys are required', () => (rig.gateway.clientKeysRequired() ? true : undefined));

    const plan: Array<{ format: Format; route: string; mode: Mode; client: (typeof clients)[number]; failing: boolean }> = [];
    for (const format of FORMATS) {
      for (const mode of MODES) {
        for (let i = 0; i < REPEATS; i++) {
          for (const route of SERVED_ROUTES) plan.push({ format, route: `${format}-${route}`, mode, client: clients[(plan.length % 2) as 0 | 1]!, failing: false });
        }
        for (const route of FAILING_ROUTES) plan.push({ format, route: `${format}-${route}`, mode, client: clients[(plan.length % 2) as 0 | 1]!, failing: true });
      }
    }
    const calls = await inParallel(plan.length, 8, (i) => sdkCall(plan[i]!.format, rig.gateway.url, plan[i]!.client.key, plan[i]!.mode, plan[i]!.route));

    // What the clients were told, per client key
    const told: Record<string, Totals> = {};
    for (const [i, call] of calls.entries()) {
      const { failing, client, route, mode } = plan[i]!;
      const sum = (told[client.id] ??= emptyTotals());
      if (failing) {
        assert.ok(!call.outcome.ok, `${route} ${mode} fails`);
        add(sum, { failed: true, input: 0, output: 0 });
      } else {
        assert.ok(call.outcome.ok && call.outcome.usage, `${route} ${mode} is served with its usage`);
        add(sum, { failed: false, input: call.outcome.usage.input, output: call.outcome.usage.output });
      }
    }
    assert.ok(Object.values(told).every((sum) => sum.input > 0 && sum.output > 0));

    const { value: rows } = await waitUntil('every request has its usage row', () => {
      const found = rig.gateway.store.usageRows({ limit: 1_000 });
      return found.length >= plan.length ? found : undefined;
    });
    assert.equal(rows.length, plan.length, 'one row per request, not per attempt');
    // Failed requests and failed attempts add no tokens; retries and failovers show as attempts
    for (const row of rows) {
      if (row.status >= 400) assert.equal(row.inputTokens + row.outputTokens, 0, `failed request ${row.requestId} counts no tokens`);
      if (row.route?.endsWith('-failover')) assert.ok(row.attempts > 1 && row.categories.includes('server_error'), `${row.route}: ${row.attempts} attempts, ${row.categories}`);
    }
    const attemptsStored = rows.reduce((sum, row) => sum + row.attempts, 0);
    const attemptsSeen = rig.mock.attempts();
    assert.equal(attemptsStored, attemptsSeen.length, 'every attempt the mock saw is counted, once');
    assert.equal(rows.filter((row) => row.status === 200).length, attemptsSeen.filter((attempt) => attempt.outcome === 200).length, 'one completion per answer the mock completed');

    const fromRows = foldSummary(rows.map((row) => ({ client: row.clientKeyId, requests: 1, failed: row.status >= 400 ? 1 : 0, input: row.inputTokens, output: row.outputTokens })));
    assert.deepEqual(fromRows, told, 'usage rows');
    const fromSummary = foldSummary(rig.gateway.store.usageSummary().map((row) => ({ client: row.clientKeyId, requests: row.requests, failed: row.failed, input: row.inputTokens, output: row.outputTokens })));
    assert.deepEqual(fromSummary, told, 'the store\'s summary');

    const admin = await adminRequest(rig.gateway.url, '/admin/usage', { token });
    assert.equal(admin.status, 200);
    assert.deepEqual(fromJsonRows(admin.json?.rows), told, 'GET /admin/usage');
    const perClient = await adminRequest(rig.gateway.url, `/admin/usage?client=${clients[0]!.id}`, { token });
    assert.deepEqual(fromJsonRows(perClient.json?.rows), { [clients[0]!.id]: told[clients[0]!.id] }, 'GET /admin/usage?client=');

    const cli = await runCli(['usage', '--json', '--data-dir', rig.config.operations.dataDir], { cwd: rig.config.operations.dataDir });
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(fromJsonRows(JSON.parse(cli.stdout)), told, 'llmdoctor usage --json');
  });
});
