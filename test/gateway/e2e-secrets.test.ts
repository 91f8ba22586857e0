import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeSecret, fingerprint, maskSecret } from '../../src/core/redact.js';
import { SCENARIOS, type ScenarioName } from '../../src/core/scenarios.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { gatewayConfig, startRig, type RouteSpec, type Rig, type UpstreamSpec } from './support/harness.js';
import { secretLeaks } from './support/secret-leaks.js';
import { postJson, type RawAnswer } from './support/sse-text.js';

/**
 * No upstream key leaves the gateway whole: not in answers (bodies, headers, streamed events), not
 * in what the hooks receive, not in errors, pool snapshots, or what the CLI prints. Every scenario
 * the mock plays is driven through it, with a key per scenario, so every failure path is exercised.
 */

type Family = 'openai' | 'anthropic' | 'gemini';
const FAMILIES: readonly Family[] = ['openai', 'anthropic', 'gemini'];
const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];
const MODEL: Record<Family, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5', gemini: 'gemini-2.5-flash' };

/** Everything a client (or an operator reading the hooks) could see of one answer. */
function answerText(answer: RawAnswer): string {
  return `${answer.status}\n${[...answer.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${answer.text}`;
}

async function ask(url: string, family: Family, model: string, stream: boolean): Promise<RawAnswer> {
  if (family === 'openai') return postJson(`${url}/v1/chat/completions`, { model, stream, messages: [{ role: 'user', content: 'hi' }] });
  if (family === 'anthropic') return postJson(`${url}/v1/messages`, { model, stream, max_tokens: 30, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
  return postJson(`${url}/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
}

describe('e2e secrets: the library gateway, every scenario', () => {
  let rig: Rig;
  const secrets: string[] = [];
  const records: string[] = [];
  const errors: string[] = [];

  before(async () => {
    rig = await startRig(
      (mock) => {
        const upstreams: UpstreamSpec[] = [];
        const routes: RouteSpec[] = [];
        for (const family of FAMILIES) {
          for (const scenario of SCENARIO_NAMES) {
            const key = scenario === 'ok' ? mock.issueKey(family) : mock.issueKey(family, scenario);
            secrets.push(key);
            upstreams.push({ name: `${family}-${scenario}`, provider: family, keys: [key] });
            routes.push({ model: `${family}-${scenario}`, targets: [{ upstream: `${family}-${scenario}`, model: MODEL[family] }] });
          }
          // A pool whose keys fail in different ways, and one that works
          const pool = (['key_invalid', 'billing', 'rate_limited', 'permission_denied'] as const).map((s) => mock.issueKey(family, s));
          pool.push(mock.issueKey(family));
          secrets.push(...pool);
          upstreams.push({ name: `${family}-pool`, provider: family, keys: pool });
          routes.push({ model: `${family}-pool`, targets: [{ upstream: `${family}-pool`, model: MODEL[family] }] });
        }
        return gatewayConfig(mock, upstreams, routes, {
          attemptsPerTarget: 2,
          maxAttempts: 6,
          timeouts: { firstTokenMs: 300, streamIdleMs: 300, responseMs: 300, totalMs: 1_500 },
        });
      },
      { onRecord: (record) => records.push(JSON.stringify(record)), onError: (error) => errors.push(error instanceof Error ? `${error.stack}` : String(error)) },
      { slowFirstTokenMs: 2_000 },
    );
  });
  after(() => rig?.close());

  it('no key appears in answers, records, errors or pool snapshots, whatever went wrong', { timeout: 30_000 }, async () => {
    const requests: Array<Promise<RawAnswer>> = [];
    for (const family of FAMILIES) {
      for (const scenario of SCENARIO_NAMES) for (const stream of [false, true]) requests.push(ask(rig.gateway.url, family, `${family}-${scenario}`, stream));
      // Pool routes run one after another, so the keys get disabled and rested in turn
      requests.push((async () => {
        const answers: RawAnswer[] = [];
        for (let i = 0; i < 4; i++) answers.push(await ask(rig.gateway.url, family, `${family}-pool`, i % 2 === 1));
        return { status: 0, headers: new Headers(), text: answers.map(answerText).join('\n') };
      })());
      // A passthrough model (no route) tries every upstream of the format in turn
      requests.push(ask(rig.gateway.url, family, MODEL[family], false));
    }
    const answers = await Promise.all(requests);
    // One record per request (57 per format), handed over just after each answer ended
    const expectedRecords = FAMILIES.length * (SCENARIO_NAMES.length * 2 + 5);
    for (const deadline = Date.now() + 3_000; records.length < expectedRecords && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    const snapshots = [...rig.gateway.upstreams.values()].map((upstream) => JSON.stringify(upstream.pool.snapshot()));
    const captured = [...answers.map(answerText), ...records, ...errors, ...snapshots].join('\n');

    // The capture is what it should be: every answer, a record per request, keys named by fingerprint and mask
    assert.equal(answers.length, FAMILIES.length * (SCENARIO_NAMES.length * 2 + 2));
    assert.equal(records.length, expectedRecords);
    for (const secret of secrets) assert.ok(captured.includes(fingerprint(secret)) && captured.includes(maskSecret(secret)), `key fp ${fingerprint(secret)} is named in the capture`);
    assert.ok(answers.some((a) => a.status === 200) && answers.some((a) => a.status === 401 || a.status === 403) && answers.some((a) => a.status === 429));

    assert.deepEqual(secretLeaks(captured, secrets), []);
  });
});

/** Reads a child's output as it comes. */
function collect(stream: NodeJS.ReadableStream): { text: () => string } {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { text: () => text };
}

describe('e2e secrets: `llmdoctor gateway` as a process, keys from the environment', () => {
  let mock: RunningMock;
  let home: string;

  before(async () => {
    mock = await startMock({ port: 0 });
    home = mkdtempSync(join(tmpdir(), 'llmdoctor-secrets-'));
  });
  after(async () => {
    await mock?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('prints its URL and masked keys, serves successes and failures, and its output holds no key', { timeout: 30_000 }, async () => {
    const keys = {
      OPENAI_API_KEY: mock.issueKey('openai'),
      OPENAI_API_KEY_2: mock.issueKey('openai', 'key_invalid'),
      OPENAI_API_KEY_3: mock.issueKey('openai', 'billing'),
      ANTHROPIC_API_KEY: mock.issueKey('anthropic', 'permission_denied'),
      ANTHROPIC_API_KEY_2: mock.issueKey('anthropic'),
      GEMINI_API_KEY: mock.issueKey('gemini', 'key_invalid'),
    };
    const secrets = Object.values(keys);
    // A clean environment in an empty folder (no .env): only the keys and where the providers are
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      ...keys,
      OPENAI_BASE_URL: mock.baseUrls.openai,
      ANTHROPIC_BASE_URL: mock.baseUrls.anthropic,
      GOOGLE_GEMINI_BASE_URL: mock.baseUrls.gemini,
    };
    const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), main, 'gateway', '--port', '0'], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      let url: string | undefined;
      while (url === undefined) {
        url = /listening on (http:\/\/\S+)/.exec(stdout.text())?.[1];
        if (url !== undefined) break;
        if (child.exitCode !== null || Date.now() > deadline) assert.fail(`the gateway did not start:\n${stdout.text()}\n${stderr.text()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (const secret of secrets) assert.ok(stdout.text().includes(describeSecret(secret)), `the banner names key fp ${fingerprint(secret)} masked`);

      const answers: RawAnswer[] = [];
      for (let i = 0; i < 4; i++) {
        for (const family of FAMILIES) answers.push(await ask(url, family, MODEL[family], i % 2 === 1));
      }
      answers.push(await postJson(`${url}/v1/chat/completions`, { model: 'gpt-4o-mini', messages: [] }));
      answers.push(await postJson(`${url}/v1/chat/completions`, '{"model":'));
      answers.push(await postJson(`${url}/v1/chat/completions`, { model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }));
      // OpenAI and Anthropic served by a working key; Gemini's only key refused (Google says 400 API_KEY_INVALID)
      assert.deepEqual(answers.slice(0, 3).map((a) => [a.status, a.headers.get('x-llmdoctor-category')]), [[200, null], [200, null], [400, 'key_invalid']]);
      const captured = answers.map(answerText).join('\n');
      assert.deepEqual(secretLeaks(captured, secrets), []);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, stderr.text());
    assert.deepEqual(secretLeaks(`${stdout.text()}\n${stderr.text()}`, secrets), []);
  });
});
