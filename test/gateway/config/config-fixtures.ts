import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGatewayConfig, type LoadedGatewayConfig, type LoadGatewayConfigOptions } from '../../../src/gateway/config/load-config.js';
import { GatewayConfigError } from '../../../src/gateway/config/types.js';
import { ALNUM, picker } from '../../helpers/random-text.js';

/** Temp directories of one suite, removed by `cleanup`. */
export function tempDirs(): { make(files?: Record<string, string>): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make(files = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'llmdoctor-config-'));
      made.push(dir);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      return dir;
    },
    cleanup() {
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A key-shaped secret assembled at run time (no key-like literal is committed). */
export function sampleKey(seed: number, prefix = 'sk-proj-'): string {
  return prefix + picker(seed)(ALNUM, 48);
}

/** Loads `yaml` written as gateway.yaml in a fresh directory. */
export function loadYaml(
  dirs: ReturnType<typeof tempDirs>,
  yaml: string,
  env: Record<string, string | undefined> = {},
  options: Omit<LoadGatewayConfigOptions, 'file' | 'cwd' | 'env'> = {},
): LoadedGatewayConfig & { dir: string } {
  const dir = dirs.make({ 'gateway.yaml': yaml });
  return { ...loadGatewayConfig({ file: 'gateway.yaml', cwd: dir, env, ...options }), dir };
}

/** The GatewayConfigError a load throws (fails the test when it loads). */
export function loadError(load: () => unknown): GatewayConfigError {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof GatewayConfigError, `expected a GatewayConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the config to be refused');
}
