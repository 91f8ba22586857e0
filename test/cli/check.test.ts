// End-to-end: `llmdoctor check` and `llmdoctor demo` from the BUILT bin, against the simulator.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';

const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with exactly this environment (plus PATH), from a directory with no .env. */
function cli(args: string[], env: Record<string, string>, cwd: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface JsonReport {
  ok: boolean;
  findings: { provider: string; check: string; status: string; category: string | null; title: string }[];
  verdict: { rootCauses: { provider: string; category: string | null }[]; fixes: string[] };
}

describe('llmdoctor check (CLI)', () => {
  let mock: RunningMock;
  let dir = '';
  before(async () => {
    mock = await startMock({ seed: 5 });
    dir = await mkdtemp(join(tmpdir(), 'llmdoctor-check-'));
  });
  after(async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  });

  const envFor = (keys: { openai?: string; anthropic?: string; gemini?: string }) => ({
    ...(keys.openai ? { OPENAI_API_KEY: keys.openai, OPENAI_BASE_URL: mock.baseUrls.openai } : {}),
    ...(keys.anthropic ? { ANTHROPIC_API_KEY: keys.anthropic, ANTHROPIC_BASE_URL: mock.baseUrls.anthropic } : {}),
    ...(keys.gemini ? { GEMINI_API_KEY: keys.gemini, GOOGLE_GEMINI_BASE_URL: mock.baseUrls.gemini } : {}),
  });

  test('healthy keys for the three providers: exit 0, every provider checked', async () => {
    const keys = { openai: mock.issueKey('openai'), anthropic: mock.issueKey('anthropic'), gemini: mock.issueKey('gemini') };
    const result = await cli(['check', '--json'], envFor(keys), dir);
    const report = JSON.parse(result.stdout) as JsonReport;
    assert.equal(result.code, 0, result.stdout);
    assert.equal(report.ok, true);
    for (const provider of ['openai', 'anthropic', 'gemini']) {
      assert.ok(report.findings.some((f) => f.provider === provider && f.check === 'api.auth' && f.status === 'pass'), `${provider} auth passes`);
    }
  });

  test('a rejected key: exit 1, and the verdict names it first', async () => {
    const result = await cli(['check', '--json', '--provider', 'openai'], envFor({ openai: mock.issueKey('openai', 'key_revoked') }), dir);
    const report = JSON.parse(result.stdout) as JsonReport;
    assert.equal(result.code, 1);
    assert.equal(report.verdict.rootCauses[0]?.category, 'key_invalid');
    assert.ok(report.verdict.fixes.length > 0);
  });

  test('no key anywhere for a requested provider says where it looked', async () => {
    const result = await cli(['check', '--provider', 'anthropic', '--offline'], {}, dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /ANTHROPIC_API_KEY/);
  });

  test('no key for any provider is a failure that points at the demo', async () => {
    const result = await cli(['check', '--offline'], {}, dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /No API key or base URL is configured for any provider/);
    assert.match(result.stdout, /llmdoctor demo/);
  });

  test('never prints a whole key, in any format', async () => {
    const keys = { openai: `${mock.issueKey('openai')}\n`, anthropic: mock.issueKey('anthropic', 'billing'), gemini: mock.issueKey('gemini', 'key_invalid') };
    for (const format of [[], ['--json'], ['--markdown']]) {
      const result = await cli(['check', '--probe', ...format], envFor(keys), dir);
      for (const key of Object.values(keys)) {
        const bare = key.trim();
        assert.ok(!result.stdout.includes(bare) && !result.stderr.includes(bare), `${format.join(' ') || 'text'} output leaks a key`);
      }
    }
  });

  test('usage errors exit 2 and say what to type', async () => {
    const provider = await cli(['check', '--provider', 'mistral'], {}, dir);
    assert.equal(provider.code, 2);
    assert.match(provider.stderr, /--provider takes openai, anthropic, gemini/);
    const timeout = await cli(['check', '--timeout', 'soon'], {}, dir);
    assert.equal(timeout.code, 2);
    const both = await cli(['check', '--json', '--markdown'], {}, dir);
    assert.equal(both.code, 2);
  });
});

describe('llmdoctor demo (CLI)', () => {
  test('shows the three planted faults, each under its provider', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llmdoctor-demo-test-'));
    try {
      const result = await cli(['demo', '--json'], {}, dir);
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout) as JsonReport;
      const failed = (provider: string) => report.findings.filter((f) => f.provider === provider && f.status === 'fail');
      assert.ok(report.findings.some((f) => f.provider === 'openai' && f.check === 'key.hygiene' && f.status !== 'pass'), 'the newline in the OpenAI key');
      assert.ok(failed('anthropic').some((f) => f.category === 'billing'), 'the empty Anthropic wallet');
      assert.ok(failed('gemini').some((f) => f.category === 'region_blocked'), 'the refused country');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
