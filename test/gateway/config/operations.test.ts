import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { chooseDataDir } from '../../../src/gateway/config/data-dir.js';
import { loadGatewayConfig } from '../../../src/gateway/config/load-config.js';
import { parseLogLevel } from '../../../src/gateway/config/log-levels.js';
import type { GatewayOperations } from '../../../src/gateway/config/types.js';
import { loadError, loadYaml, sampleKey, tempDirs } from './config-fixtures.js';

const dirs = tempDirs();
after(() => dirs.cleanup());

const KEY = sampleKey(31);
const TOKEN = 'adm1n-T0ken-4f9c2b7e81d3a5c6';
const OTHER_TOKEN = 'second-admin-token-0123456789';
const UPSTREAM = `upstreams:\n  - name: main\n    provider: openai\n    keys: [\${KEY}]\n`;

describe('operations: defaults, file, environment, command line', () => {
  it('zero config gets the defaults, the data folder absolute under cwd', () => {
    const cwd = dirs.make();
    const { config } = loadGatewayConfig({ cwd, env: { OPENAI_API_KEY: KEY } });
    assert.deepEqual(config.operations, {
      dataDir: join(cwd, '.llmdoctor'),
      adminToken: null,
      allowOpen: false,
      logLevel: 'info',
      usage: { record: true, batchSize: 500, flushMs: 50 },
    } satisfies GatewayOperations);
  });

  it('every operations setting of the file is mapped; a relative data_dir is resolved against cwd', () => {
    const yaml = `${UPSTREAM}data_dir: state/gateway\nadmin_token: \${ADMIN}\nallow_open: true\nlog_level: warn\nusage: { batch_size: 50, flush_ms: 2s }\n`;
    const { config, warnings, dir } = loadYaml(dirs, yaml, { KEY, ADMIN: TOKEN });
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.operations, {
      dataDir: join(dir, 'state', 'gateway'),
      adminToken: TOKEN,
      allowOpen: true,
      logLevel: 'warn',
      usage: { record: true, batchSize: 50, flushMs: 2_000 },
    } satisfies GatewayOperations);
  });

  it('usage: { record: false } turns the usage store off', () => {
    const { config } = loadYaml(dirs, `${UPSTREAM}usage: { record: false }\n`, { KEY });
    assert.deepEqual(config.operations.usage, { record: false, batchSize: 500, flushMs: 50 });
  });

  it('an absolute data_dir is kept; usage fields are each optional', () => {
    const { config } = loadYaml(dirs, `${UPSTREAM}data_dir: /var/lib/llmdoctor\nusage: { flush_ms: 250 }\n`, { KEY });
    assert.equal(config.operations.dataDir, '/var/lib/llmdoctor');
    assert.deepEqual(config.operations.usage, { record: true, batchSize: 500, flushMs: 250 });
  });

  it('the environment (and .env) overrides the defaults, in zero config and under a file', () => {
    const env = { KEY, OPENAI_API_KEY: KEY, LLMDOCTOR_DATA_DIR: 'from-env', LLMDOCTOR_LOG_LEVEL: 'DEBUG', LLMDOCTOR_ADMIN_TOKEN: ` ${TOKEN}\n` };
    const zero = loadGatewayConfig({ cwd: dirs.make(), env });
    assert.equal(zero.config.operations.logLevel, 'debug');
    assert.equal(zero.config.operations.adminToken, TOKEN, 'surrounding whitespace trimmed');
    const { config, dir } = loadYaml(dirs, UPSTREAM, env);
    assert.deepEqual([config.operations.dataDir, config.operations.logLevel, config.operations.adminToken], [join(dir, 'from-env'), 'debug', TOKEN]);
    const withDotenv = dirs.make({ '.env': `LLMDOCTOR_DATA_DIR=dotenv-dir\nLLMDOCTOR_LOG_LEVEL=error\n` });
    const fromDotenv = loadGatewayConfig({ cwd: withDotenv, env: { OPENAI_API_KEY: KEY, LLMDOCTOR_LOG_LEVEL: 'warn' } });
    assert.equal(fromDotenv.config.operations.dataDir, join(withDotenv, 'dotenv-dir'));
    assert.equal(fromDotenv.config.operations.logLevel, 'warn', 'a variable already set wins over .env');
  });

  it('variables set to nothing count as unset', () => {
    const { config } = loadGatewayConfig({ cwd: dirs.make(), env: { OPENAI_API_KEY: KEY, LLMDOCTOR_DATA_DIR: '', LLMDOCTOR_ADMIN_TOKEN: '  ', LLMDOCTOR_LOG_LEVEL: '' } });
    assert.equal(config.operations.adminToken, null);
    assert.equal(config.operations.logLevel, 'info');
    assert.ok(config.operations.dataDir.endsWith('/.llmdoctor'));
  });

  it('the file overrides the environment, and the command line overrides the file', () => {
    const yaml = `${UPSTREAM}data_dir: file-dir\nlog_level: warn\nadmin_token: \${ADMIN}\n`;
    const env = { KEY, ADMIN: TOKEN, LLMDOCTOR_DATA_DIR: 'env-dir', LLMDOCTOR_LOG_LEVEL: 'debug', LLMDOCTOR_ADMIN_TOKEN: OTHER_TOKEN };
    const fileWins = loadYaml(dirs, yaml, env);
    assert.deepEqual(
      [fileWins.config.operations.dataDir, fileWins.config.operations.logLevel, fileWins.config.operations.adminToken],
      [join(fileWins.dir, 'file-dir'), 'warn', TOKEN],
    );
    const cliWins = loadYaml(dirs, yaml, env, { dataDir: 'cli-dir', logLevel: 'error', allowOpen: true });
    assert.deepEqual(
      [cliWins.config.operations.dataDir, cliWins.config.operations.logLevel, cliWins.config.operations.allowOpen],
      [join(cliWins.dir, 'cli-dir'), 'error', true],
    );
    const zero = loadGatewayConfig({ cwd: dirs.make(), env: { ...env, OPENAI_API_KEY: KEY }, dataDir: '/srv/llmdoctor', logLevel: 'silent' });
    assert.deepEqual([zero.config.operations.dataDir, zero.config.operations.logLevel], ['/srv/llmdoctor', 'silent']);
  });

  it('--allow-open only turns the check off: without it the file decides', () => {
    const open = loadYaml(dirs, `${UPSTREAM}allow_open: true\n`, { KEY }, { allowOpen: false });
    assert.equal(open.config.operations.allowOpen, true);
    const closed = loadYaml(dirs, `${UPSTREAM}allow_open: false\n`, { KEY });
    assert.equal(closed.config.operations.allowOpen, false);
    assert.equal(loadYaml(dirs, `${UPSTREAM}allow_open: false\n`, { KEY }, { allowOpen: true }).config.operations.allowOpen, true);
  });

  it('an admin token written in the file works, with a warning that names the line and not the token', () => {
    const { config, warnings, dir } = loadYaml(dirs, `${UPSTREAM}admin_token: ${TOKEN}\n`, { KEY });
    assert.equal(config.operations.adminToken, TOKEN);
    assert.deepEqual(warnings, [
      `${join(dir, 'gateway.yaml')}:5: admin_token is written in the file itself: keep it out of files you share, e.g. admin_token: \${LLMDOCTOR_ADMIN_TOKEN} with the token in the environment or .env`,
    ]);
  });
});

describe('operations errors name the line and the fix, never the token', () => {
  const cases: Array<{ name: string; yaml: string; env?: Record<string, string>; line: number; message: string }> = [
    {
      name: 'a short admin token from a variable',
      yaml: `${UPSTREAM}admin_token: \${ADMIN}\n`,
      env: { KEY, ADMIN: 'letmein' },
      line: 5,
      message: 'admin_token (from ADMIN) is too short (7 characters, at least 16 needed): use a long random token, e.g. the output of `openssl rand -hex 32`',
    },
    {
      name: 'an admin token with a space inside',
      yaml: `${UPSTREAM}admin_token: "\${ADMIN}"\n`,
      env: { KEY, ADMIN: 'abcdefgh ijklmnopqrst' },
      line: 5,
      message: 'admin_token (from ADMIN) contains whitespace: use a long random token, e.g. the output of `openssl rand -hex 32`',
    },
    {
      name: 'an unset admin token variable',
      yaml: `${UPSTREAM}admin_token: \${LLMDOCTOR_ADMIN_TOKEN}\n`,
      line: 5,
      message: 'LLMDOCTOR_ADMIN_TOKEN is not set: export it, add it to .env, or remove it from admin_token',
    },
    {
      name: 'an unknown log level',
      yaml: `${UPSTREAM}log_level: verbose\n`,
      line: 5,
      message: 'log_level must be one of debug, info, warn, error, silent, not "verbose"',
    },
    {
      name: 'allow_open that is not a boolean',
      yaml: `${UPSTREAM}allow_open: yes please\n`,
      line: 5,
      message: 'allow_open must be true or false, not "yes please"',
    },
    {
      name: 'an empty data_dir',
      yaml: `${UPSTREAM}data_dir: "  "\n`,
      line: 5,
      message: "data_dir is empty: name the folder for the gateway's store, or remove the line to use the default",
    },
    {
      name: 'a zero batch size',
      yaml: `${UPSTREAM}usage:\n  batch_size: 0\n`,
      line: 6,
      message: 'usage.batch_size must be a whole number greater than 0, not 0',
    },
    {
      name: 'a mistyped usage setting',
      yaml: `${UPSTREAM}usage:\n  flush_msec: 1s\n`,
      line: 6,
      message: 'usage.flush_msec is not a setting; did you mean flush_ms?',
    },
    {
      name: 'a mistyped top-level operations setting',
      yaml: `${UPSTREAM}datadir: /srv\n`,
      line: 5,
      message: 'datadir is not a setting; did you mean data_dir?',
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const error = loadError(() => loadYaml(dirs, testCase.yaml, testCase.env ?? { KEY }));
      assert.equal(error.line, testCase.line, error.message);
      assert.equal(error.message, `${error.file}:${testCase.line}: ${testCase.message}`);
      for (const value of Object.values(testCase.env ?? {})) assert.ok(!error.message.includes(value), 'no secret in the message');
    });
  }

  it('a short LLMDOCTOR_ADMIN_TOKEN is refused without echoing it', () => {
    const error = loadError(() => loadGatewayConfig({ cwd: dirs.make(), env: { OPENAI_API_KEY: KEY, LLMDOCTOR_ADMIN_TOKEN: 'hunter2hunter2' } }));
    assert.equal(error.message, 'LLMDOCTOR_ADMIN_TOKEN is too short (14 characters, at least 16 needed): use a long random token, e.g. the output of `openssl rand -hex 32`');
  });

  it('an unknown LLMDOCTOR_LOG_LEVEL lists the levels', () => {
    const error = loadError(() => loadGatewayConfig({ cwd: dirs.make(), env: { OPENAI_API_KEY: KEY, LLMDOCTOR_LOG_LEVEL: 'trace' } }));
    assert.equal(error.message, 'LLMDOCTOR_LOG_LEVEL must be one of debug, info, warn, error, silent, not "trace"');
  });

  it('an empty --data-dir', () => {
    const error = loadError(() => loadGatewayConfig({ cwd: dirs.make(), env: { OPENAI_API_KEY: KEY }, dataDir: ' ' }));
    assert.match(error.message, /^--data-dir is empty/);
  });
});

describe('chooseDataDir (llmdoctor keys and usage)', () => {
  it('--data-dir, else LLMDOCTOR_DATA_DIR (environment, then .env), else the default; each against cwd', () => {
    const cwd = dirs.make({ '.env': 'LLMDOCTOR_DATA_DIR=dotenv-data\n' });
    assert.deepEqual(chooseDataDir({ dataDir: 'opt', env: { LLMDOCTOR_DATA_DIR: 'env' }, cwd }), { dataDir: join(cwd, 'opt'), from: '--data-dir' });
    assert.deepEqual(chooseDataDir({ env: { LLMDOCTOR_DATA_DIR: '/abs/env' }, cwd }), { dataDir: '/abs/env', from: 'LLMDOCTOR_DATA_DIR' });
    assert.deepEqual(chooseDataDir({ env: {}, cwd }), { dataDir: join(cwd, 'dotenv-data'), from: 'LLMDOCTOR_DATA_DIR' });
    const bare = dirs.make();
    assert.deepEqual(chooseDataDir({ env: { LLMDOCTOR_DATA_DIR: '' }, cwd: bare }), {
      dataDir: join(bare, '.llmdoctor'),
      from: 'the default, .llmdoctor in the current folder',
    });
  });

  it('finds the same folder the gateway would', () => {
    const cwd = dirs.make({ '.env': 'LLMDOCTOR_DATA_DIR=shared\n' });
    const { config } = loadGatewayConfig({ cwd, env: { OPENAI_API_KEY: KEY } });
    assert.equal(chooseDataDir({ env: {}, cwd }).dataDir, config.operations.dataDir);
  });
});

describe('parseLogLevel', () => {
  it('reads the five levels in any case, and nothing else', () => {
    assert.deepEqual(['debug', 'INFO', ' Warn ', 'error', 'silent'].map(parseLogLevel), ['debug', 'info', 'warn', 'error', 'silent']);
    assert.deepEqual(['trace', 'warning', ''].map(parseLogLevel), [null, null, null]);
  });
});
