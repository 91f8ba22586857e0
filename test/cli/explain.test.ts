// End-to-end: spawns the BUILT bin (`npm test` builds first) the way a user runs it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const ANSI_ESCAPE = '\u001b[';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with stdin piped (and closed after `input`), so stdin is never a TTY. */
function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // The test runner may force colors on; each test states the color environment it means.
  if (!options.env || !('FORCE_COLOR' in options.env)) delete env.FORCE_COLOR;
  if (!options.env || !('NO_COLOR' in options.env)) delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

function randomChars(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

let workDir = '';
before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: run "npm run build" first (npm test does it).`);
  workDir = await mkdtemp(join(tmpdir(), 'llmdoctor-cli-'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('llmdoctor (top level)', { concurrency: true }, () => {
  test('--help lists every command', async () => {
    const { code, stdout } = await cli(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /explain/);
    assert.match(stdout, /mock/);
    assert.match(stdout, /check/);
    assert.match(stdout, /gateway/);
  });

  test('--version prints the package version', async () => {
    const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { code, stdout } = await cli(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), manifest.version);
  });

  test('no command prints the help on stderr, exit 2', async () => {
    const { code, stderr } = await cli([]);
    assert.equal(code, 2);
    assert.match(stderr, /Usage/);
  });

  test('a mistyped command suggests the right one, exit 2', async () => {
    const { code, stderr } = await cli(['explian', 'hello']);
    assert.equal(code, 2);
    assert.match(stderr, /Did you mean "llmdoctor explain"\?/);
  });
});

describe('llmdoctor explain: usage errors exit 2 and say what to type', { concurrency: true }, () => {
  test('--help shows the options, exit 0', async () => {
    const { code, stdout } = await cli(['explain', '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /--provider/);
    assert.match(stdout, /--batch/);
  });

  test('an unknown option suggests the nearest one', async () => {
    const { code, stderr } = await cli(['explain', '--jsn', 'hello']);
    assert.equal(code, 2);
    assert.match(stderr, /Did you mean --json\?/);
  });

  test('no input at all', async () => {
    const { code, stderr } = await cli(['explain']);
    assert.equal(code, 2);
    assert.match(stderr, /No error text to explain/);
  });

  test('a bad --provider lists the allowed values', async () => {
    const { code, stderr } = await cli(['explain', '--provider', 'openia', 'hello']);
    assert.equal(code, 2);
    assert.match(stderr, /openai, anthropic, gemini, azure-openai, vertex/);
  });

  test('a bad --status says what a status code is', async () => {
    for (const status of ['abc', '42', '700']) {
      const { code, stderr } = await cli(['explain', '--status', status, 'hello']);
      assert.equal(code, 2, status);
      assert.match(stderr, /100 to 599/);
    }
  });

  test('a missing --file names the path and the reason', async () => {
    const path = join(workDir, 'does-not-exist.log');
    const { code, stderr } = await cli(['explain', '--file', path]);
    assert.equal(code, 2);
    assert.ok(stderr.includes(path), stderr);
    assert.match(stderr, /no such file/);
  });

  test('text and --file together', async () => {
    const { code, stderr } = await cli(['explain', '--file', 'x.log', 'hello']);
    assert.equal(code, 2);
    assert.match(stderr, /one way/);
  });

  test('--batch with text', async () => {
    const { code, stderr } = await cli(['explain', '--batch', 'hello']);
    assert.equal(code, 2);
    assert.match(stderr, /--batch reads JSON Lines on stdin/);
  });
});

describe('llmdoctor explain: diagnoses', { concurrency: true }, () => {
  // Needs the real classifier (the stub answers unknown to everything).
  test('a DNS failure is diagnosed as network_dns, exit 0', async () => {
    const { code, stdout } = await cli(['explain', '--json', 'getaddrinfo ENOTFOUND api.openai.com']);
    assert.equal(JSON.parse(stdout).category, 'network_dns');
    assert.equal(code, 0);
  });

  test('plain "hello" is unknown, exit 1', async () => {
    const { code, stdout } = await cli(['explain', '--json', 'hello']);
    assert.equal(code, 1);
    assert.equal(JSON.parse(stdout).category, 'unknown');
  });

  test('--json prints one whole diagnosis', async () => {
    const { stdout } = await cli(['explain', '--json', '--provider', 'openai', '--status', '429', 'You exceeded your current quota']);
    const diagnosis = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(diagnosis).sort(), ['category', 'cause', 'evidence', 'fixes', 'provider', 'retryAfterMs', 'retryable', 'title']);
    assert.equal(typeof diagnosis.category, 'string');
    assert.equal(typeof diagnosis.retryable, 'boolean');
    assert.ok(diagnosis.retryAfterMs === null || typeof diagnosis.retryAfterMs === 'number');
    assert.ok(Array.isArray(diagnosis.fixes) && Array.isArray(diagnosis.evidence));
  });

  test('the text can come on stdin', async () => {
    const { code, stdout } = await cli(['explain', '--json'], { input: 'hello\n' });
    assert.equal(code, 1, 'read and classified, not a usage error');
    assert.equal(JSON.parse(stdout).category, 'unknown');
  });

  // Needs the real classifier.
  test('a DNS failure on stdin is diagnosed', async () => {
    const { code, stdout } = await cli(['explain'], { input: 'TypeError: fetch failed\n  cause: Error: getaddrinfo ENOTFOUND api.openai.com\n' });
    assert.equal(code, 0);
    assert.match(stdout.split('\n')[0] ?? '', /network_dns/);
  });

  test('the text can come from --file', async () => {
    const path = join(workDir, 'error.log');
    await writeFile(path, 'hello\n');
    const { code, stdout } = await cli(['explain', '--file', path]);
    assert.equal(code, 1);
    assert.match(stdout.split('\n')[0] ?? '', /^unknown/);
  });

  test('human output: category first, provider, retryable', async () => {
    const { stdout } = await cli(['explain', 'hello']);
    const lines = stdout.split('\n');
    assert.match(lines[0] ?? '', /^unknown\s+\S/);
    assert.match(stdout, /^provider\s+\S/m);
    assert.match(stdout, /^retryable\s+(yes|no|not now)/m);
  });

  test('no ANSI escapes when stdout is not a TTY, or with NO_COLOR', async () => {
    const environments: Record<string, string>[] = [{}, { NO_COLOR: '1' }];
    for (const env of environments) {
      const { stdout, stderr } = await cli(['explain', 'hello'], { env });
      assert.ok(!(stdout + stderr).includes(ANSI_ESCAPE), JSON.stringify(env));
    }
  });

  test('FORCE_COLOR turns colors on even into a pipe', async () => {
    const { stdout } = await cli(['explain', 'hello'], { env: { FORCE_COLOR: '1' } });
    assert.ok(stdout.includes(ANSI_ESCAPE));
  });
});

describe('llmdoctor explain --batch', { concurrency: true }, () => {
  test('one output line per input line, in order; bad lines get an error line and the batch goes on', async () => {
    const input = [
      JSON.stringify({ id: 'a', http_status: 429, message: 'hello', extra_field: 'ignored' }),
      '',
      'this is not json',
      JSON.stringify({ id: 7, http_status: null, headers: null, body: null, message: null, node_error_code: null }),
      '[1, 2]',
      JSON.stringify({ id: 'bad-status', http_status: '429' }),
      JSON.stringify({ id: 'c', provider: 'anthropic', headers: { 'retry-after': '20' }, body: { error: { type: 'x' } } }),
    ].join('\n');
    const { code, stdout, stderr } = await cli(['explain', '--batch'], { input });
    assert.equal(code, 0, stderr);
    const out = jsonLines(stdout);
    assert.equal(out.length, 6, 'blank lines are skipped');
    assert.deepEqual(out.map((o) => o.id), ['a', null, 7, null, 'bad-status', 'c']);
    for (const index of [0, 2, 5]) {
      assert.deepEqual(Object.keys(out[index] ?? {}), ['id', 'category', 'provider', 'retryable', 'retry_after_ms', 'title']);
    }
    assert.equal(out[1]?.line, 3);
    assert.match(String(out[1]?.error), /not valid JSON/);
    assert.equal(out[3]?.line, 5);
    assert.match(String(out[3]?.error), /expected a JSON object/);
    assert.equal(out[4]?.line, 6);
    assert.match(String(out[4]?.error), /"http_status" must be an HTTP status number/);
  });

  test('many lines stay in order', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `case-${i}`);
    const input = ids.map((id) => JSON.stringify({ id, message: `error ${id}` })).join('\r\n');
    const { code, stdout } = await cli(['explain', '--batch'], { input });
    assert.equal(code, 0);
    assert.deepEqual(jsonLines(stdout).map((o) => o.id), ids);
  });

  // Needs the real classifier.
  test('classifies with the corpus field names', async () => {
    const input = JSON.stringify({ id: 'dns', node_error_code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.openai.com' });
    const { stdout } = await cli(['explain', '--batch'], { input });
    assert.equal(jsonLines(stdout)[0]?.category, 'network_dns');
  });
});

describe('secrets are never printed', () => {
  const keyChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  // Built at run time: no key-shaped literal is ever committed.
  const keys: Array<[kind: string, key: string]> = [
    ['OpenAI project', `sk-proj-${randomChars(150, keyChars)}`],
    ['Anthropic', `sk-ant-api03-${randomChars(93, keyChars)}AA`],
    ['Google', `AIza${randomChars(35, keyChars)}`],
  ];

  /** The modes whose output contains any of `needles`. */
  function leaks(results: Array<[mode: string, result: Result]>, needles: string[]): string[] {
    return results.filter(([, result]) => needles.some((needle) => (result.stdout + result.stderr).includes(needle))).map(([mode]) => mode);
  }

  for (const [kind, key] of keys) {
    describe(`a pasted ${kind} key`, () => {
      let results: Array<[mode: string, result: Result]> = [];
      before(async () => {
        const text = `Error: 401 Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`;
        const path = join(workDir, `pasted-${kind.replace(/\W/g, '-')}.log`);
        await writeFile(path, text);
        const runs: Array<[string, Promise<Result>]> = [
          ['argument', cli(['explain', text])],
          ['--json', cli(['explain', '--json', text])],
          ['stdin', cli(['explain'], { input: text })],
          ['--file', cli(['explain', '--file', path])],
          ['colors', cli(['explain', text], { env: { FORCE_COLOR: '1' } })],
          ['batch', cli(['explain', '--batch'], { input: `${JSON.stringify({ id: key, headers: { authorization: `Bearer ${key}` }, message: text })}\n` })],
          ['batch error lines', cli(['explain', '--batch'], { input: `${JSON.stringify({ id: 'x', http_status: key })}\n{"id": "${key}", broken\n` })],
          ['usage error: --status', cli(['explain', '--status', key, 'hello'])],
          ['usage error: --provider', cli(['explain', '--provider', key, 'hello'])],
          ['usage error: option', cli(['explain', `--${key}`])],
          ['usage error: command', cli([key])],
          ['usage error: --file path', cli(['explain', '--file', key])],
        ];
        results = await Promise.all(runs.map(async ([mode, run]): Promise<[string, Result]> => [mode, await run]));
      });

      test('is never printed whole, in any mode', () => {
        assert.deepEqual(leaks(results, [key]), [], 'these modes printed the whole key');
      });

      // The masked form (`sk-proj-…a1B2`) shows the type prefix and 4 last characters, so no run of 16 does.
      test('is never printed in part beyond its masked form', () => {
        const pieces = Array.from({ length: key.length - 15 }, (_, start) => key.slice(start, start + 16));
        assert.deepEqual(leaks(results, pieces), [], 'these modes printed 16 or more characters of the key in a row');
      });
    });
  }
});
