import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fingerprint, maskSecret } from '../../src/core/redact.js';
import { hashClientKey } from '../../src/gateway/clients/client-key-format.js';
import { issueClientKey } from '../../src/gateway/clients/issue-client-key.js';
import { STORE_FILE } from '../../src/gateway/store/sqlite-store.js';
import { runCli } from '../cli/run-cli.js';
import type { Mode } from './support/call-outcome.js';
import { adminRequest, createClientKey, revokeClientKey, rotateClientKey, type AdminAnswer } from './support/ops-admin.js';
import { FORMATS, MODEL_OF, sdkCall, type Format } from './support/ops-callers.js';
import { TextCapture } from './support/ops-capture.js';
import { newAdminToken, startOpsRig, type OpsRig } from './support/ops-rig.js';
import { waitUntil } from './support/ops-wait.js';
import { secretLeaks } from './support/secret-leaks.js';

function answerText(answer: AdminAnswer): string {
  return `${answer.status}\n${[...answer.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${answer.text}`;
}

/** The store's files as text (latin1 keeps every byte, so a key stored in clear would show whole). */
function storeFiles(dataDir: string): string {
  return ['', '-wal', '-shm']
    .map((suffix) => join(dataDir, `${STORE_FILE}${suffix}`))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}

/**
 * After successes, failures and every kind of refusal, no whole key (upstream or client, nor the admin
 * token) is in the request log (at debug level), /metrics, any admin answer, the CLI's output or the
 * store's files. Only the answer that creates or rotates a client key carries that one key.
 */
describe('e2e ops: no key in logs, metrics, admin answers, CLI output or the store', () => {
  let rig: OpsRig;
  const log = new TextCapture();
  const token = newAdminToken();
  const upstreamKeys: string[] = [];

  before(async () => {
    rig = await startOpsRig({
      upstreams: (mock) => {
        const issue = (format: Format, scenario?: Parameters<typeof mock.issueKey>[1]) => {
          const key = mock.issueKey(format, scenario);
          upstreamKeys.push(key);
          return key;
        };
        return FORMATS.flatMap((format) => [
          { name: format, provider: format, keys: [issue(format)] },
          { name: `${format}-pool`, provider: format, keys: [issue(format, 'key_invalid'), issue(format, 'billing'), issue(format, 'rate_limited'), issue(format)] },
          { name: `${format}-denied`, provider: format, keys: [issue(format, 'permission_denied')] },
          { name: `${format}-broken`, provider: format, keys: [issue(format, 'server_error')] },
        ]);
      },
      routes: FORMATS.flatMap((format) =>
        ['pool', 'denied', 'broken'].map((kind) => ({ model: `${format}-${kind}`, targets: [{ upstream: `${format}-${kind}`, model: MODEL_OF[format] }] })),
      ),
      policies: { maxAttempts: 4 },
      operations: { adminToken: token, logLevel: 'debug' },
      logDestination: log,
    });
  });
  after(() => rig?.close());

  it('none found, anywhere', { timeout: 40_000 }, async () => {
    const url = rig.gateway.url;
    const ownKeyAnswers: Array<{ key: string; answer: AdminAnswer }> = [];
    const issue = async (spec: Record<string, unknown>) => {
      const issued = await createClientKey(url, token, spec);
      ownKeyAnswers.push(issued);
      return issued;
    };
    const active = await issue({ name: 'active', metadata: { team: 'search' } });
    const rpm = await issue({ name: 'rpm', rpm: 1 });
    const narrow = await issue({ name: 'narrow', models: ['nothing-here'] });
    const toRevoke = await issue({ name: 'revoked' });
    const toRotate = await issue({ name: 'rotated' });
    const rotated = await rotateClientKey(url, token, toRotate.id);
    ownKeyAnswers.push(rotated);
    const revoked = await revokeClientKey(url, token, toRevoke.id);
    const expired = issueClientKey(rig.gateway.store, { name: 'expired', expiresAt: Date.now() - 60_000 });
    const clientKeys = [active.key, rpm.key, narrow.key, toRevoke.key, toRotate.key, rotated.key, expired.key];
    const secrets = [...upstreamKeys, ...clientKeys, token];
    const addSecret = (key: string) => {
      clientKeys.push(key);
      secrets.push(key);
    };
    await waitUntil('client keys are required', () => (rig.gateway.clientKeysRequired() ? true : undefined));

    // Successes, failures and refusals, in every format, plain and streamed
    let requests = 0;
    const call = async (format: Format, key: string | null, mode: Mode, model?: string) => {
      requests += 1;
      return sdkCall(format, url, key, mode, model);
    };
    for (const format of FORMATS) {
      for (const mode of ['plain', 'stream'] as const) {
        assert.ok((await call(format, active.key, mode)).outcome.ok);
        assert.ok((await call(format, rotated.key, mode, `${format}-pool`)).outcome.ok, `${format}-pool ${mode}`);
        assert.ok(!(await call(format, active.key, mode, `${format}-denied`)).outcome.ok);
        assert.ok(!(await call(format, active.key, mode, `${format}-broken`)).outcome.ok);
      }
      // Every refusal of the client gate, including an upstream key sent by mistake as the client key
      for (const key of [null, `llmd_${'Q'.repeat(40)}`, upstreamKeys[0]!, toRevoke.key, toRotate.key, expired.key, narrow.key, rpm.key, rpm.key]) {
        await call(format, key, 'plain');
      }
    }
    // Gemini's ?key= puts the client key in the URL
    requests += 1;
    const byQuery = await fetch(`${url}/v1beta/models/${MODEL_OF.gemini}:generateContent?key=${active.key}`, { method: 'POST', body: '{"contents":[{"parts":[{"text":"hi"}]}]}' });
    assert.equal(byQuery.status, 200);
    await byQuery.text();
    await waitUntil('every request logged', () => (log.lines().filter((line) => line.msg === 'request').length >= requests ? true : undefined));
    await waitUntil('every request stored', () => (rig.gateway.store.usageRows({ limit: 1_000 }).length >= requests ? true : undefined));

    // Every place a key could end up
    const refusedRotation = await adminRequest(url, `/admin/keys/${toRotate.id}/rotate`, { method: 'POST', token });
    assert.equal(refusedRotation.status, 409, 'a rotated key cannot be rotated again');
    const lateKey = await issue({ name: 'late', budget_tokens: 1000 });
    addSecret(lateKey.key);
    const admin = [
      await adminRequest(url, '/admin/keys', { token }),
      await adminRequest(url, '/admin/keys?include_revoked=1', { token }),
      ...(await Promise.all([active, rpm, narrow, toRevoke, toRotate, rotated, lateKey].map(({ id }) => adminRequest(url, `/admin/keys/${id}`, { token })))),
      await adminRequest(url, '/admin/upstreams', { token }),
      await adminRequest(url, '/admin/usage', { token }),
      await adminRequest(url, '/admin/keys', { token: null }),
      await adminRequest(url, `/admin/keys/${rotated.id}/rotate`, { method: 'POST', token: null }),
      await adminRequest(url, '/admin/keys', { method: 'POST', token, body: { name: 'x', rpm: -1 } }),
      refusedRotation,
      revoked,
    ];
    const metrics = await adminRequest(url, '/metrics', { token });
    const readyz = await adminRequest(url, '/readyz', { token: null });
    const dataDir = rig.config.operations.dataDir;
    const cli = async (args: string[]) => {
      const result = await runCli(args, { cwd: dataDir, env: { LLMDOCTOR_ADMIN_TOKEN: token } });
      assert.ok(result.code === 0 || (args[0] === 'status' && result.code === 1), `llmdoctor ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return `$ llmdoctor ${args.join(' ')}\n${result.stdout}\n${result.stderr}`;
    };
    const cliOutput = [
      await cli(['status', '--url', url]),
      await cli(['status', '--url', url, '--json']),
      await cli(['keys', 'list', '--all', '--data-dir', dataDir]),
      await cli(['keys', 'list', '--all', '--json', '--data-dir', dataDir]),
      await cli(['usage', '--data-dir', dataDir]),
      await cli(['usage', '--json', '--data-dir', dataDir]),
      await cli(['usage', '--csv', '--data-dir', dataDir]),
    ].join('\n');
    const whileRunning = storeFiles(dataDir);
    // Closing writes the last rows and checkpoints the WAL into the main file
    await rig.closeGateway();
    const afterClose = storeFiles(dataDir);

    const places: Record<string, string> = {
      'request log': log.text(),
      '/metrics': metrics.text,
      '/readyz': readyz.text,
      'admin answers': admin.map(answerText).join('\n'),
      'CLI output': cliOutput,
      'store files while running': whileRunning,
      'store files after close': afterClose,
    };

    // The capture is what it should be: lines per request with their attempts, keys named by fingerprint and mask
    const lines = log.lines();
    assert.ok(lines.filter((line) => line.msg === 'request').length >= requests);
    assert.ok(lines.some((line) => Array.isArray(line.attempt_list) && line.attempt_list.length > 1), 'debug lines list the attempts');
    assert.ok(upstreamKeys.every((key) => places['admin answers']!.includes(fingerprint(key)) && places['CLI output']!.includes(maskSecret(key))));
    assert.ok(places['request log']!.includes(fingerprint(upstreamKeys[0]!)));
    assert.match(metrics.text, /llmdoctor_/);
    assert.ok(afterClose.includes(hashClientKey(active.key)), 'the store files were read (the key hash is there)');
    assert.match(cliOutput, new RegExp(active.id));
    assert.deepEqual(admin.slice(0, -2).map((answer) => answer.status), [...Array(11).fill(200), 401, 401, 400]);

    for (const [place, text] of Object.entries(places)) assert.deepEqual(secretLeaks(text, secrets), [], place);

    // The answers that issue a key carry that key, and no other
    for (const { key, answer } of ownKeyAnswers) {
      assert.ok(answer.text.includes(key), 'the issuing answer shows its key once');
      assert.deepEqual(secretLeaks(answerText(answer), secrets.filter((secret) => secret !== key)), [], `the answer issuing ${maskSecret(key)}`);
    }
  });
});
