// Portkey's open-source gateway as a peer in the bench: installed from npm into a temp folder (never
// a project dependency), started bound to 127.0.0.1 only, and pointed at the mock per request.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './processes.mjs';

// Later @hono/node-server releases break Portkey's streams (every streamed answer fails).
const HONO_NODE_SERVER = '1.13.5';
const INSTALL_TIMEOUT_MS = 180_000;

/**
 * `npm install @portkey-ai/gateway` into `dir`, with @hono/node-server pinned through overrides.
 * Install scripts are skipped: Portkey's only one runs patch-package, which has no patches in the
 * published package. Resolves to the installed versions; rejects with npm's own words.
 */
export async function installPortkey(dir) {
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'bench-portkey', private: true, dependencies: { '@portkey-ai/gateway': 'latest' }, overrides: { '@hono/node-server': HONO_NODE_SERVER } }, null, 2),
  );
  const output = await new Promise((resolve, reject) => {
    const npm = spawn('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    npm.stdout.on('data', (chunk) => (text += chunk));
    npm.stderr.on('data', (chunk) => (text += chunk));
    const timer = setTimeout(() => npm.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
    npm.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`npm could not run: ${error.message}`));
    });
    npm.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(text);
      else reject(new Error(`npm install ${signal ? `killed after ${INSTALL_TIMEOUT_MS / 1000} s` : `exited with ${code}`}: ${text.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
  const version = (name) => JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  const installed = { gateway: version('@portkey-ai/gateway'), honoNodeServer: version('@hono/node-server'), npmOutput: output.trim() };
  if (installed.honoNodeServer !== HONO_NODE_SERVER) throw new Error(`@hono/node-server is ${installed.honoNodeServer}, not ${HONO_NODE_SERVER}: the override did not apply`);
  return installed;
}

/**
 * Portkey's start script calls serve({ port }) with no host, which listens on every interface, and
 * takes no host option. A preload rebinds that listen to 127.0.0.1 (checked by `listeningAddresses`);
 * `--port=0` lets the kernel pick a free port, and `--headless` drops the UI.
 */
export function startPortkey(dir) {
  const packageDir = join(dir, 'node_modules', '@portkey-ai', 'gateway');
  const script = join(packageDir, 'build', 'start-server.js');
  if (!existsSync(script)) throw new Error(`no ${script}: the package layout changed`);
  const preload = fileURLToPath(new URL('./bind-loopback.mjs', import.meta.url));
  return startServer('portkey', ['--import', preload, script, '--port=0', '--headless'], { cwd: packageDir, env: { NODE_ENV: 'production' } });
}

/** The headers that make Portkey call the mock's OpenAI API with the mock's key. */
export function portkeyHeaders(openaiBaseUrl, key) {
  return { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': openaiBaseUrl, authorization: `Bearer ${key}` };
}
