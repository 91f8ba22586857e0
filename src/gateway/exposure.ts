import { BlockList, isIP } from 'node:net';
import type { GatewayConfig } from './config/types.js';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether only this machine can connect to `host`: 127.0.0.0/8, ::1 (in any spelling, IPv4-mapped
 * included) or `localhost`. Any other name may resolve to anything, so it counts as reachable.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (/^localhost\.?$/i.test(bare)) return true;
  const family = isIP(bare);
  return family !== 0 && LOOPBACK.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Why the gateway must not start as configured, or null when it may. Listening beyond loopback without
 * client keys would let anyone who reaches the port spend the upstream keys, unless the operator said
 * that is intended (`--allow-open` / `allow_open: true`).
 */
export function exposureProblem(config: GatewayConfig, hasClientKeys: boolean): string | null {
  const { host, port } = config.listen;
  if (isLoopbackHost(host) || hasClientKeys || config.operations.allowOpen) return null;
  return (
    `refusing to serve on ${address(host, port)} without client keys: that address can be reached from other machines, ` +
    'and anyone who can reach the port would spend your provider keys. Either:\n' +
    `  - create a client key, then start the gateway again (every request must then carry one):\n` +
    `      llmdoctor keys create --name <service> --data-dir ${quoted(config.operations.dataDir)}\n` +
    '  - or, if something in front of the gateway already decides who may call it, allow open access: ' +
    '--allow-open on the command line, or allow_open: true in the config\n' +
    '  - or listen on loopback only: --host 127.0.0.1'
  );
}

/** Things worth a line at startup when serving beyond loopback; empty on loopback. */
export function exposureWarnings(config: GatewayConfig): string[] {
  const { host, port } = config.listen;
  if (isLoopbackHost(host)) return [];
  const warnings: string[] = [];
  if (config.operations.adminToken === null) {
    warnings.push(
      `serving on ${address(host, port)} with the admin API off (no admin token): manage client keys with llmdoctor keys on this machine, ` +
        'or set LLMDOCTOR_ADMIN_TOKEN (admin_token in the config) to a long random token to manage them over /admin',
    );
  }
  if (config.operations.allowOpen) {
    warnings.push(
      `open access is allowed on ${address(host, port)} (--allow-open / allow_open): while no client key exists, ` +
        'anyone who can reach the port spends your provider keys',
    );
  }
  return warnings;
}

function address(host: string, port: number): string {
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return port === 0 ? `${shownHost} (any free port)` : `${shownHost}:${port}`;
}

/** A path as a shell argument: quoted only when it needs to be. */
function quoted(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
