import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fingerprint } from '../../src/core/redact.js';
import { detectContainer } from '../../src/doctor/environment/container.js';
import { discoverTargets } from '../../src/doctor/environment/discover.js';
import { parseDotenv } from '../../src/core/dotenv.js';
import { dotenvFamily } from '../../src/doctor/environment/sources.js';
import type { DoctorOptions, Finding } from '../../src/doctor/types.js';
import { ALNUM, HEX, URL_SAFE, picker } from '../helpers/random-text.js';

// Sample keys are assembled at run time; no key-shaped literal is committed.
const pick = picker(0xe4f1);
const MARKER = 'T3Blbk' + 'FJ';
const openaiKey = (): string => 'sk-' + 'proj-' + pick(URL_SAFE, 74) + MARKER + pick(URL_SAFE, 74);
const anthropicKey = (): string => 'sk-' + 'ant-api03-' + pick(URL_SAFE, 93) + 'AA';
const googleKey = (): string => 'AI' + 'za' + pick(URL_SAFE, 35);
const azureKey = (): string => pick(HEX, 32);

const temps: string[] = [];
function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'llmdoctor-env-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** An empty fake root: no container markers, so findings do not depend on where the tests run. */
const bareRoot = (): string => tempDir({ 'proc/1/cgroup': '0::/\n' });

function options(overrides: Partial<DoctorOptions>): DoctorOptions {
  return {
    providers: null,
    models: [],
    timeoutMs: 5_000,
    offline: true,
    probe: false,
    env: {},
    cwd: tempDir(),
    envFile: null,
    pid: null,
    fsRoot: bareRoot(),
    ...overrides,
  };
}

function only(findings: Finding[], provider: Finding['provider'], check: string): Finding[] {
  return findings.filter((f) => f.provider === provider && f.check === check);
}

function one(findings: Finding[], provider: Finding['provider'], check: string, status?: Finding['status']): Finding {
  const hits = only(findings, provider, check).filter((f) => status === undefined || f.status === status);
  assert.equal(hits.length, 1, `expected one ${provider} ${check} ${status ?? ''}, got:\n${JSON.stringify(findings, null, 1)}`);
  return hits[0] as Finding;
}

function assertNoKey(findings: Finding[], ...keys: string[]): void {
  const text = JSON.stringify(findings);
  for (const key of keys) assert.ok(!text.includes(key.trim()), 'a whole key appears in the findings');
}

describe('parseDotenv follows dotenv rules', () => {
  it('reads names, quotes, comments, exports, colons and line numbers like dotenv 16', () => {
    const text = [
      '\uFEFFA=1',
      'export B = two # comment',
      'C="x\\ny"',
      "D='single # kept'",
      'E="a" junk',
      'F="multi',
      'line"',
      'G=abc#def',
      'H:  colon',
      'I=',
      'not a definition',
      'L="unterminated',
      'N=\r\nO=crlf\r',
      'A=again',
    ].join('\n');
    const entries = parseDotenv(text);
    const last = new Map(entries.map((e) => [e.name, e.value]));
    // The expected values are what dotenv.parse returns for the same text.
    assert.deepEqual(Object.fromEntries(last), {
      A: 'again', B: 'two', C: 'x\ny', D: 'single # kept', E: '"a" junk', F: 'multi\nline', G: 'abc', H: 'colon', I: '', L: '"unterminated', N: '', O: 'crlf',
    });
    assert.deepEqual(entries.filter((e) => e.name === 'A').map((e) => e.line), [1, 15]);
    assert.equal(entries.find((e) => e.name === 'G')?.line, 8);
  });

  it('keeps whitespace inside quotes, which is how a key picks up a trailing space or newline', () => {
    const key = openaiKey();
    const [quotedSpace, escapedNewline, plain] = parseDotenv(`K1="${key} "\nK2="${key}\\n"\nK3=${key}   \n`);
    assert.equal(quotedSpace?.value, `${key} `);
    assert.equal(escapedNewline?.value, `${key}\n`);
    assert.equal(plain?.value, key);
  });
});

describe('the .env family order', () => {
  it('follows Next.js: NODE_ENV-specific local first, .env.local skipped in test, .env last', () => {
    assert.deepEqual(dotenvFamily(undefined), ['.env.local', '.env']);
    assert.deepEqual(dotenvFamily('development'), ['.env.development.local', '.env.local', '.env.development', '.env']);
    assert.deepEqual(dotenvFamily('test'), ['.env.test.local', '.env.test', '.env']);
  });
});

describe('discoverTargets: which key is really in use', () => {
  it('the process environment wins over .env, and the shadowed .env value is reported', async () => {
    const inEnv = openaiKey();
    const inFile = openaiKey();
    const cwd = tempDir({ '.env': `# keys\nOPENAI_API_KEY=${inFile}\n` });
    const { targets, findings } = await discoverTargets(options({ env: { OPENAI_API_KEY: inEnv }, cwd }));
    assert.equal(targets.length, 1);
    assert.equal(targets[0]?.key, inEnv);
    assert.equal(targets[0]?.keySource, 'environment OPENAI_API_KEY');
    assert.equal(targets[0]?.baseUrl, 'https://api.openai.com/v1');
    assert.equal(targets[0]?.baseUrlSource, 'default');
    const keys = one(findings, 'openai', 'env.keys', 'pass');
    assert.match(keys.detail, new RegExp(`fp ${fingerprint(inEnv)}\\)  <- used`));
    assert.match(keys.detail, /\.env line 2: .*shadowed: the process environment wins/);
    const conflict = one(findings, 'openai', 'env.conflict', 'warn');
    assert.match(conflict.title, /OPENAI_API_KEY in \.env line 2 is shadowed by the environment/);
    assert.ok(conflict.fixes[0]?.includes('unset OPENAI_API_KEY'));
    assertNoKey(findings, inEnv, inFile);
  });

  it('an empty variable in the environment keeps dotenv from loading .env: key_missing says so', async () => {
    const inFile = openaiKey();
    const cwd = tempDir({ '.env': `OPENAI_API_KEY=${inFile}\n` });
    const { targets, findings } = await discoverTargets(options({ providers: ['openai'], env: { OPENAI_API_KEY: '' }, cwd }));
    assert.equal(targets.length, 0);
    const missing = one(findings, 'openai', 'env.keys', 'fail');
    assert.equal(missing.category, 'key_missing');
    assert.match(missing.detail, /OPENAI_API_KEY is set but empty in environment OPENAI_API_KEY; being set, it keeps dotenv from loading \.env line 1/);
    assert.match(missing.fixes[0] ?? '', /Remove the empty OPENAI_API_KEY/);
    assertNoKey(findings, inFile);
  });

  it('a requested provider with no key anywhere fails with every place looked at', async () => {
    const cwd = tempDir();
    const envFile = join(tempDir({ 'prod.env': 'OTHER=1\n' }), 'prod.env');
    const { targets, findings } = await discoverTargets(options({ providers: ['anthropic'], cwd, envFile, env: { NODE_ENV: 'production' } }));
    assert.deepEqual(targets, []);
    const missing = one(findings, 'anthropic', 'env.keys', 'fail');
    assert.equal(missing.category, 'key_missing');
    for (const place of ['the environment of this shell', envFile, join(cwd, '.env.production.local') + ' (absent)', join(cwd, '.env.local') + ' (absent)', join(cwd, '.env.production') + ' (absent)', join(cwd, '.env') + ' (absent)']) {
      assert.ok(missing.detail.includes(place), `detail should name ${place}:\n${missing.detail}`);
    }
    assert.equal(only(findings, 'openai', 'env.keys').length, 0, 'providers not asked for are left out');
  });

  it('unconfigured providers are skipped when none is asked for', async () => {
    const { targets, findings } = await discoverTargets(options({}));
    assert.deepEqual(targets, []);
    for (const provider of ['openai', 'anthropic', 'gemini'] as const) assert.equal(one(findings, provider, 'env.keys').status, 'skip');
  });

  it('.env.local ranks above .env, and NODE_ENV=test skips .env.local', async () => {
    const local = anthropicKey();
    const base = anthropicKey();
    const testOnly = anthropicKey();
    const cwd = tempDir({ '.env': `ANTHROPIC_API_KEY=${base}\n`, '.env.local': `ANTHROPIC_API_KEY=${local}\n`, '.env.test': `ANTHROPIC_API_KEY=${testOnly}\n` });
    const dev = await discoverTargets(options({ cwd }));
    assert.equal(dev.targets[0]?.key, local);
    assert.equal(dev.targets[0]?.keySource, '.env.local line 1 (ANTHROPIC_API_KEY)');
    assert.match(one(dev.findings, 'anthropic', 'env.keys').detail, /\.env line 1: .*shadowed: \.env\.local ranks above \.env/);
    const test = await discoverTargets(options({ cwd, env: { NODE_ENV: 'test' } }));
    assert.equal(test.targets[0]?.key, testOnly);
    assertNoKey([...dev.findings, ...test.findings], local, base, testOnly);
  });

  it('--env-file is read and ranks above the .env files; a missing one fails', async () => {
    const fromFile = googleKey();
    const fromDotenv = googleKey();
    const cwd = tempDir({ '.env': `GEMINI_API_KEY=${fromDotenv}\n`, 'deploy/app.env': `GEMINI_API_KEY=${fromFile}\nGOOGLE_GEMINI_BASE_URL=http://127.0.0.1:9/gemini\n` });
    const { targets, findings } = await discoverTargets(options({ cwd, envFile: 'deploy/app.env' }));
    assert.equal(targets[0]?.key, fromFile);
    assert.equal(targets[0]?.keySource, `--env-file ${join(cwd, 'deploy/app.env')} line 1 (GEMINI_API_KEY)`);
    assert.equal(targets[0]?.baseUrl, 'http://127.0.0.1:9/gemini');
    const missing = await discoverTargets(options({ cwd, envFile: 'nope.env' }));
    assert.match(one(missing.findings, 'machine', 'env.keys', 'fail').title, /--env-file .*nope\.env could not be read/);
    assertNoKey([...findings, ...missing.findings], fromFile, fromDotenv);
  });

  it('GOOGLE_API_KEY and GEMINI_API_KEY both set and different: @google/genai uses GOOGLE_API_KEY', async () => {
    const google = googleKey();
    const gemini = googleKey();
    const cwd = tempDir({ '.env': `GEMINI_API_KEY=${gemini}\n` });
    const { targets, findings } = await discoverTargets(options({ env: { GOOGLE_API_KEY: google }, cwd }));
    assert.equal(targets[0]?.key, google);
    const conflict = one(findings, 'gemini', 'env.conflict', 'warn');
    assert.match(conflict.title, /GOOGLE_API_KEY and GEMINI_API_KEY are both set and differ: @google\/genai uses GOOGLE_API_KEY/);
    assert.ok(conflict.detail.includes('"Both GOOGLE_API_KEY and GEMINI_API_KEY are set. Using GOOGLE_API_KEY."'));
    const same = await discoverTargets(options({ env: { GOOGLE_API_KEY: google, GEMINI_API_KEY: google } }));
    assert.equal(only(same.findings, 'gemini', 'env.conflict').length, 0, 'the same key twice is no conflict');
    assertNoKey([...findings, ...same.findings], google, gemini);
  });

  it('ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN both set: the SDK uses the API key and warns', async () => {
    const key = anthropicKey();
    const token = 'tok_' + pick(ALNUM, 40);
    const { targets, findings } = await discoverTargets(options({ env: { ANTHROPIC_API_KEY: key, ANTHROPIC_AUTH_TOKEN: token } }));
    assert.equal(targets[0]?.key, key);
    const conflict = one(findings, 'anthropic', 'env.conflict', 'warn');
    assert.match(conflict.title, /ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are both set and differ: @anthropic-ai\/sdk uses ANTHROPIC_API_KEY/);
    assert.ok(conflict.detail.includes('Anthropic: ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are both set. Using ANTHROPIC_API_KEY.'));
    const tokenOnly = await discoverTargets(options({ env: { ANTHROPIC_AUTH_TOKEN: token } }));
    assert.equal(tokenOnly.targets[0]?.keySource, 'environment ANTHROPIC_AUTH_TOKEN');
    assertNoKey([...findings, ...tokenOnly.findings], key, token);
  });

  it('variables the SDK never reads, and the switch to Vertex AI, are reported', async () => {
    const key = openaiKey();
    const { targets, findings } = await discoverTargets(options({ env: { OPENAI_API_KEY: key, OPENAI_API_BASE: 'https://relay.example.com/v1', GEMINI_API_KEY: googleKey(), GOOGLE_GENAI_USE_VERTEXAI: 'True' } }));
    assert.equal(targets.find((t) => t.provider === 'openai')?.baseUrl, 'https://api.openai.com/v1', 'OPENAI_API_BASE changes nothing');
    assert.match(one(findings, 'openai', 'env.conflict').title, /OPENAI_API_BASE is set, but openai \(openai-node\) never reads it \(it reads OPENAI_BASE_URL\)/);
    assert.match(one(findings, 'gemini', 'env.conflict').title, /GOOGLE_GENAI_USE_VERTEXAI=true: @google\/genai calls Vertex AI/);
  });

  it('Azure OpenAI variables: an endpoint with /openai and no API version are reported with the OpenAI findings', async () => {
    const key = azureKey();
    const { findings } = await discoverTargets(options({ env: { AZURE_OPENAI_API_KEY: key, AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com/openai/' } }));
    const azure = only(findings, 'openai', 'env.keys').find((f) => f.title.startsWith('Azure OpenAI'));
    assert.ok(azure);
    assert.equal(azure.status, 'warn');
    assert.match(azure.detail, /OPENAI_API_VERSION is not set/);
    assert.match(azure.detail, /the SDK appends \/openai itself/);
    assert.ok(azure.fixes.includes('Set AZURE_OPENAI_ENDPOINT to the resource root only: https://contoso.openai.azure.com.'));
    assertNoKey(findings, key);
  });
});

describe('container detection on a fake root', () => {
  it('finds Docker, Podman, Kubernetes and container mounts from their markers', async () => {
    const docker = await detectContainer(tempDir({ '.dockerenv': '' }), {});
    assert.deepEqual([docker.inContainer, docker.runtime], [true, 'Docker']);
    const podman = await detectContainer(tempDir({ 'run/.containerenv': 'engine="podman-4.9.3"\n' }), {});
    assert.equal(podman.runtime, 'Podman');
    assert.match(podman.evidence[0] ?? '', /engine podman-4\.9\.3/);
    const k8s = await detectContainer(tempDir({ 'proc/1/cgroup': '0::/kubepods/besteffort/pod1234/abcd\n' }), {});
    assert.equal(k8s.runtime, 'Kubernetes');
    const mounts = await detectContainer(
      tempDir({ 'proc/self/mountinfo': '812 700 0:51 / / rw,relatime master:312 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/ABC:/var/lib/docker/overlay2/l/DEF\n' }),
      {},
    );
    assert.equal(mounts.runtime, 'Docker');
    const viaEnv = await detectContainer(bareRoot(), { KUBERNETES_SERVICE_HOST: '10.96.0.1' });
    assert.equal(viaEnv.runtime, 'Kubernetes');
    const none = await detectContainer(bareRoot(), {});
    assert.equal(none.inContainer, false);
  });

  it('env.container tells to compare the fingerprints with the host, and a missing key says how to pass it in', async () => {
    const key = openaiKey();
    const fsRoot = tempDir({ '.dockerenv': '' });
    const { findings } = await discoverTargets(options({ fsRoot, env: { OPENAI_API_KEY: key }, providers: ['openai', 'gemini'] }));
    const container = one(findings, 'machine', 'env.container');
    assert.match(container.title, /Running in a Docker container: compare the key fingerprints with the host's/);
    assert.ok(container.detail.includes(`fp ${fingerprint(key)}`));
    assert.match(container.detail, /sha256sum \| cut -c1-6/);
    const missing = one(findings, 'gemini', 'env.keys', 'fail');
    assert.ok(missing.fixes.some((fix) => fix.includes('docker run -e GOOGLE_API_KEY')));
    const host = await discoverTargets(options({ env: { OPENAI_API_KEY: key } }));
    assert.equal(one(host.findings, 'machine', 'env.container').title, 'Not in a container');
    assertNoKey([...findings, ...host.findings], key);
  });
});

describe('--pid: the environment of a running service', () => {
  const children: ChildProcess[] = [];
  const serviceKey = openaiKey();
  const editedKey = openaiKey();
  const fromServiceDotenv = anthropicKey();
  let withKey: ChildProcess;
  let withDotenv: ChildProcess;
  let serviceDir: string;

  /** A real process whose environment differs from this one's; it only waits until it is killed. */
  async function startService(env: Record<string, string>, cwd: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['-e', 'process.stdout.write("ready\\n"); setInterval(() => {}, 1000)'], { env: { PATH: process.env['PATH'] ?? '', ...env }, cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      child.once('error', reject);
    });
    return child;
  }

  before(async () => {
    serviceDir = tempDir({ '.env': `ANTHROPIC_API_KEY=${fromServiceDotenv}\n` });
    withKey = await startService({ OPENAI_API_KEY: serviceKey, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, tempDir());
    withDotenv = await startService({ NODE_ENV: 'production' }, serviceDir);
  });
  after(() => children.forEach((child) => child.kill()));

  it('the service runs with another key than .env: "you edited .env but never restarted the service"', async () => {
    const cwd = tempDir({ '.env': `OPENAI_API_KEY=${editedKey}\n` });
    const { targets, findings } = await discoverTargets(options({ cwd, pid: withKey.pid as number, fsRoot: '/', providers: ['openai'] }));
    assert.equal(targets[0]?.key, serviceKey, 'the target is the running service');
    assert.equal(targets[0]?.keySource, `process ${withKey.pid} environment OPENAI_API_KEY`);
    assert.equal(targets[0]?.baseUrl, 'http://127.0.0.1:9/v1');
    const drift = only(findings, 'openai', 'env.conflict').find((f) => f.title.includes('never restarted'));
    assert.ok(drift, JSON.stringify(findings, null, 1));
    assert.equal(drift.status, 'warn');
    assert.match(drift.title, new RegExp(`process ${withKey.pid} runs with a different OpenAI key than \\.env line 1: you edited \\.env but never restarted the service`));
    assert.ok(drift.detail.includes(`fp ${fingerprint(serviceKey)}`) && drift.detail.includes(`fp ${fingerprint(editedKey)}`));
    assert.match(drift.detail, /wins over any \.env file even after a restart/);
    assert.match(only(findings, 'openai', 'env.conflict').map((f) => f.title).join('\n'), /calls a different OpenAI base URL than this shell/);
    assertNoKey(findings, serviceKey, editedKey);
  });

  it('the same key in the service and in this shell passes', async () => {
    const { findings } = await discoverTargets(options({ env: { OPENAI_API_KEY: serviceKey, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, pid: withKey.pid as number, fsRoot: '/', providers: ['openai'] }));
    assert.match(one(findings, 'openai', 'env.conflict', 'pass').title, new RegExp(`process ${withKey.pid} uses the same OpenAI key as this shell`));
  });

  it("reads the service's own .env (its working directory, its NODE_ENV) and sees it changed after the start", async () => {
    const later = (Date.now() + 60_000) / 1000;
    utimesSync(join(serviceDir, '.env'), later, later);
    const { targets, findings } = await discoverTargets(options({ pid: withDotenv.pid as number, fsRoot: '/', providers: ['anthropic'] }));
    assert.equal(targets[0]?.key, fromServiceDotenv);
    assert.equal(targets[0]?.keySource, `${serviceDir}/.env line 1 (ANTHROPIC_API_KEY)`);
    const stale = only(findings, 'anthropic', 'env.conflict').find((f) => f.title.includes('changed after process'));
    assert.ok(stale, JSON.stringify(findings, null, 1));
    assert.match(stale.title, new RegExp(`\\.env changed after process ${withDotenv.pid} started: it still runs with the old Anthropic key`));
    assert.ok(one(findings, 'anthropic', 'env.keys').detail.includes(join(serviceDir, '.env.production.local')));
    assertNoKey(findings, fromServiceDotenv);
  });

  it('a key in this shell that never reached the service', async () => {
    const mine = googleKey();
    const { targets, findings } = await discoverTargets(options({ env: { GEMINI_API_KEY: mine }, pid: withDotenv.pid as number, fsRoot: '/', providers: ['gemini'] }));
    assert.deepEqual(targets, []);
    assert.equal(one(findings, 'gemini', 'env.keys', 'fail').category, 'key_missing');
    assert.match(one(findings, 'gemini', 'env.conflict', 'warn').title, new RegExp(`process ${withDotenv.pid} has no Gemini key, but this shell has one`));
    assertNoKey(findings, mine);
  });

  it('a process that does not exist fails, and the shell configuration is used instead', async () => {
    const key = openaiKey();
    const { targets, findings } = await discoverTargets(options({ env: { OPENAI_API_KEY: key }, pid: 2 ** 22 + 17, fsRoot: '/' }));
    assert.equal(targets[0]?.key, key);
    assert.match(one(findings, 'machine', 'env.keys', 'fail').title, /Cannot read the environment of process 4194321/);
  });
});
