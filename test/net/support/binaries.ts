import { spawnSync } from 'node:child_process';

/** Whether a command exists on this machine (tests that need it skip, saying so, when it does not). */
export function hasBinary(command: string, versionArgs: string[] = ['-v']): boolean {
  const run = spawnSync(command, versionArgs, { stdio: 'ignore', timeout: 5_000 });
  return (run.error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT';
}

export const OPENSSL_MISSING = hasBinary('openssl', ['version']) ? false : 'the openssl CLI is not installed (Debian package: openssl)';
export const TINYPROXY_MISSING = hasBinary('tinyproxy') ? false : 'tinyproxy is not installed (Debian package: tinyproxy)';
