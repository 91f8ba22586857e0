// `llmdoctor status` as a user runs it (through tsx), against the admin API on a real server in this process.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { openSqliteStore } from '../../src/gateway/store/sqlite-store.js';
import { ADMIN_TOKEN, REJECTED_TITLE, sampleGateway, serveAdmin, type SampleGateway } from '../gateway/admin/admin-fixtures.js';
import { secretLeaks } from '../gateway/support/secret-leaks.js';
import { closedPort, startHttp } from '../net/support/servers.js';
import { runCli, type CliResult } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `llmdoctor status <args>` with `token` as LLMDOCTOR_ADMIN_TOKEN (none when null). */
function status(args: readonly string[], token: string | null): Promise<CliResult> {
  return runCli(['status', ...args], { cwd: ROOT, env: { FORCE_COLOR: '0', ...(token !== null && { LLMDOCTOR_ADMIN_TOKEN: token }) } });
}

describe('llmdoctor status', { concurrency: true }, () => {
  const folders: string[] = [];
  const servers: Array<{ close(): Promise<void> }> = [];
  const gateways: SampleGateway[] = [];
  const outputs: string[] = [];
  let troubled: SampleGateway;
  let troubledUrl: string;
  let healthyUrl: string;
  let offUrl: string;

  const run = async (args: readonly string[], token: string | null): Promise<CliResult> => {
    const result = await status(args, token);
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  const serve = async (gateway: SampleGateway, adminToken: string | null): Promise<string> => {
    const folder = mkdtempSync(join(tmpdir(), 'llmdoctor-status-'));
    folders.push(folder);
    const server = await serveAdmin({ store: openSqliteStore(folder), adminToken, view: gateway.view, now: gateway.clock.now });
    servers.push(server);
    return server.url;
  };

  before(async () => {
    troubled = await sampleGateway('troubled');
    const healthy = await sampleGateway('healthy');
    gateways.push(troubled, healthy);
    troubledUrl = await serve(troubled, ADMIN_TOKEN);
    healthyUrl = await serve(healthy, ADMIN_TOKEN);
    offUrl = await serve(healthy, null);
  });

  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    for (const gateway of gateways) gateway.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    const leaks = secretLeaks(outputs.join('\n'), [...troubled.secrets, ADMIN_TOKEN]);
    assert.deepEqual(leaks, [], 'no upstream key or admin token in any output');
  });

  test('a table per upstream: keys masked with fingerprints, states with relative times, breakers; exit 1 when a key is disabled', async () => {
    const { code, stdout, stderr } = await run(['--url', troubledUrl], ADMIN_TOKEN);
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const lines = stdout.split('\n');
    const line = (pattern: RegExp): string => lines.find((l) => pattern.test(l)) ?? assert.fail(`no line matches ${pattern} in:\n${stdout}`);
    assert.match(line(/^openai /), /^openai {2}openai {2}https:\/\/api\.openai\.com\/v1 {2}queue: 2 waiting$/);
    assert.match(line(/^claude /), /queue: none waiting$/);
    assert.match(line(/KEY/), /KEY +MASKED \(FINGERPRINT\) +IN FLIGHT +REQ\/MIN +TOK\/MIN +STATE/);
    assert.match(line(/OPENAI_API_KEY_1/), /OPENAI_API_KEY_1 +sk-proj-…D0fG \(fp [0-9a-f]{6}\) +1 +1 +100 +healthy$/);
    assert.match(line(/OPENAI_API_KEY_2/), /cooling 12 s more: Rate limited by the provider$/);
    assert.match(line(/OPENAI_API_KEY_3/), new RegExp(`disabled 3 min ago: ${REJECTED_TITLE} \\(key_invalid\\), last probe 80 s ago$`));
    assert.match(line(/ANTHROPIC_API_KEY/), /sk-ant-api03-…Gh39 \(fp [0-9a-f]{6}\) .* healthy$/);
    assert.match(line(/^Breakers/), /^Breakers {2}1 closed$/);
    assert.match(line(/openai\/gpt-4o /), /open: nothing sent, a trial request in 30 s$/);
    assert.match(line(/openai\/gpt-4o-mini/), /half-open/);
    assert.equal(lines.at(-2), '4 keys: 2 healthy, 1 cooling, 1 disabled; 1 breaker open');
  });

  test('exit 0 when every key is healthy and no breaker is open', async () => {
    const { code, stdout } = await run(['--url', healthyUrl], ADMIN_TOKEN);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^3 keys: 3 healthy, 0 cooling, 0 disabled; 0 breakers open$/m);
  });

  test('--json prints the admin API answer', async () => {
    const { code, stdout } = await run(['--url', troubledUrl, '--json'], ADMIN_TOKEN);
    assert.equal(code, 1);
    const direct = (await (await fetch(`${troubledUrl}/admin/upstreams`, { headers: { 'x-admin-token': ADMIN_TOKEN } })).json()) as unknown;
    assert.deepEqual(JSON.parse(stdout), direct);
  });

  test('--token-file reads the token from a file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'llmdoctor-token-'));
    folders.push(folder);
    const file = join(folder, 'admin-token');
    writeFileSync(file, `${ADMIN_TOKEN}\n`, { mode: 0o600 });
    const { code, stdout } = await run(['--url', healthyUrl, '--token-file', file], null);
    assert.equal(code, 0, stdout);
    const missing = await run(['--url', healthyUrl, '--token-file', join(folder, 'nope')], ADMIN_TOKEN);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--token-file .*nope: no such file/);
  });

  test('no --token flag: a token on the command line would land in shell history', async () => {
    const { code, stderr } = await run(['--url', healthyUrl, '--token', ADMIN_TOKEN], null);
    assert.equal(code, 2);
    assert.match(stderr, /Unknown option --token .*Did you mean --token-file\?/);
  });

  test('a missing or wrong token: exit 2, naming the variable', async () => {
    const missing = await run(['--url', troubledUrl], null);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /wants an admin token and none was sent: set LLMDOCTOR_ADMIN_TOKEN/);
    const wrong = await run(['--url', troubledUrl], 'not-the-token');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /refused the admin token from LLMDOCTOR_ADMIN_TOKEN/);
    assert.ok(!wrong.stderr.includes('not-the-token'));
  });

  test('the admin API turned off: exit 2, saying how to turn it on', async () => {
    const { code, stderr } = await run(['--url', offUrl], ADMIN_TOKEN);
    assert.equal(code, 2);
    assert.match(stderr, /has its admin API off\. Start it with LLMDOCTOR_ADMIN_TOKEN set/);
  });

  test('an unreachable gateway: exit 2, naming the URL tried and how to start it', async () => {
    const port = await closedPort();
    const { code, stderr } = await run(['--url', `http://127.0.0.1:${port}`], ADMIN_TOKEN);
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`Could not reach the gateway: http://127\\.0\\.0\\.1:${port}/admin/upstreams failed \\(ECONNREFUSED\\)`));
    assert.match(stderr, /llmdoctor gateway/);
    assert.match(stderr, /--url/);
  });

  test('something else at the URL: exit 2', async () => {
    const other = await startHttp((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>hello</html>');
    });
    try {
      const { code, stderr } = await run(['--url', `http://127.0.0.1:${other.port}`], ADMIN_TOKEN);
      assert.equal(code, 2);
      assert.match(stderr, /did not answer like an llmdoctor gateway's admin API \(HTTP 200\)/);
    } finally {
      await other.close();
    }
  });

  test('a URL that is not one: exit 2', async () => {
    const { code, stderr } = await run(['--url', 'localhost:4000'], ADMIN_TOKEN);
    assert.equal(code, 2);
    assert.match(stderr, /--url must start with http:\/\/ or https:\/\//);
  });
});
