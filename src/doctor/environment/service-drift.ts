import type { Finding } from '../types.js';
import { finding } from './finding.js';
import type { Chosen, ProviderResolution } from './resolve.js';
import type { RunningProcess } from './running-process.js';
import { fingerprintOf, showKey, showPlain } from './show.js';
import { DEFAULTS } from '../../core/defaults.js';

/**
 * `env.conflict` for `--pid`: the running service against this shell and its `.env` files. The classic
 * case: the key in `.env` was changed, but the service still runs with the one it started with.
 */


export function serviceDriftFindings(shell: ProviderResolution, service: ProviderResolution, proc: RunningProcess): Finding[] {
  return [...keyDrift(shell, service, proc), ...staleFile(service, proc), ...baseUrlDrift(shell, service, proc)];
}

/** Whether the service runs with another key than this shell sees (both set, different fingerprints). */
export function serviceKeyDiffers(shell: ProviderResolution, service: ProviderResolution): boolean {
  return shell.key !== null && service.key !== null && fingerprintOf(shell.key.occurrence.value) !== fingerprintOf(service.key.occurrence.value);
}

function keyDrift(shell: ProviderResolution, service: ProviderResolution, proc: RunningProcess): Finding[] {
  const { env } = service;
  const here = shell.key;
  const there = service.key;
  if (here === null) return [];
  const p = `process ${proc.pid}`;
  if (there === null) {
    return [
      finding(env.provider, 'env.conflict', 'warn', `${p} has no ${env.name} key, but this shell has one (${here.occurrence.place})`, `This shell: ${here.name} ${showKey(here.occurrence.value)} from ${here.occurrence.place}. ${p} has none in its environment${proc.cwd ? ` nor in the .env files of its working directory ${proc.cwd}` : ''}: the key never reached the service.`, {
        fixes: [`Set ${here.name} where ${p} gets its environment (systemd Environment=/EnvironmentFile=, docker-compose environment:, pm2 ecosystem file), then restart it.`],
      }),
    ];
  }
  if (fingerprintOf(here.occurrence.value) === fingerprintOf(there.occurrence.value)) {
    return [
      finding(env.provider, 'env.conflict', 'pass', `${p} uses the same ${env.name} key as this shell (${showKey(there.occurrence.value)})`, `${p}: ${there.name} from ${there.occurrence.place}; this shell: ${here.name} from ${here.occurrence.place}.`),
    ];
  }
  const hereIsFile = here.occurrence.source.kind !== 'environment';
  const changedAfterStart = hereIsFile && isAfterStart(here.occurrence.source.modifiedMs, proc);
  const title = hereIsFile
    ? `${p} runs with a different ${env.name} key than ${here.occurrence.place}: you edited ${here.occurrence.source.label} but never restarted the service`
    : `${p} runs with a different ${env.name} key than this shell`;
  const detail = [
    `${p}: ${there.name} ${showKey(there.occurrence.value)} from ${there.occurrence.place}${startedLine(proc)}.`,
    `This shell: ${here.name} ${showKey(here.occurrence.value)} from ${here.occurrence.place}${changedAfterStart ? `, changed ${iso(here.occurrence.source.modifiedMs)}, after the service started` : ''}.`,
    there.occurrence.source.kind === 'environment'
      ? `The service has the key in its own environment, which wins over any .env file even after a restart.`
      : `The service read its key from a file when it started; it keeps that value until it restarts.`,
  ].join('\n');
  const fixes =
    there.occurrence.source.kind === 'environment'
      ? [
          `Change ${there.name} where ${p} gets its environment (systemd Environment=, docker-compose environment:, pm2 ecosystem file, the shell that started it), then restart it.`,
          `Or remove ${there.name} from the service's environment so that its .env file is read, then restart it.`,
        ]
      : [`Restart the service (pid ${proc.pid}) so it reads ${there.occurrence.source.label} again.`];
  return [finding(env.provider, 'env.conflict', 'warn', title, detail, { fixes })];
}

/** The service's own key came from a file that changed after it started: it runs with an older value. */
function staleFile(service: ProviderResolution, proc: RunningProcess): Finding[] {
  const there = service.key;
  if (there === null || there.occurrence.source.kind === 'environment') return [];
  if (!isAfterStart(there.occurrence.source.modifiedMs, proc)) return [];
  const { env } = service;
  return [
    finding(env.provider, 'env.conflict', 'warn', `${there.occurrence.source.label} changed after process ${proc.pid} started: it still runs with the old ${env.name} key`, `${there.occurrence.source.path ?? there.occurrence.source.label} changed ${iso(there.occurrence.source.modifiedMs)}${startedLine(proc)}. The file now has ${there.name} ${showKey(there.occurrence.value)}; the service read whatever it held at start.`, {
      fixes: [`Restart the service (pid ${proc.pid}) so it loads the current ${there.occurrence.source.label}.`],
    }),
  ];
}

function baseUrlDrift(shell: ProviderResolution, service: ProviderResolution, proc: RunningProcess): Finding[] {
  const here = effectiveBaseUrl(shell);
  const there = effectiveBaseUrl(service);
  if (here.value === there.value) return [];
  const { env } = service;
  return [
    finding(env.provider, 'env.conflict', 'warn', `process ${proc.pid} calls a different ${env.name} base URL than this shell`, `process ${proc.pid}: ${showPlain(there.value)} (${there.from}). This shell: ${showPlain(here.value)} (${here.from}).`, {
      fixes: [`Set the same ${env.baseUrlVars[0]} for the service, then restart it; or unset it in this shell if the service's is the one you mean.`],
    }),
  ];
}

function effectiveBaseUrl(resolution: ProviderResolution): { value: string; from: string } {
  const chosen: Chosen | null = resolution.baseUrl;
  return chosen ? { value: chosen.occurrence.value.trim(), from: chosen.occurrence.place } : { value: resolution.env.defaultBaseUrl, from: 'default' };
}

function isAfterStart(modifiedMs: number | null, proc: RunningProcess): boolean {
  return modifiedMs !== null && proc.startedAtMs !== null && modifiedMs > proc.startedAtMs + DEFAULTS.doctor.processStartMarginMs;
}

function startedLine(proc: RunningProcess): string {
  return proc.startedAtMs !== null ? `, started ${iso(proc.startedAtMs)}` : '';
}

function iso(ms: number | null): string {
  return ms === null ? 'at an unknown time' : new Date(ms).toISOString();
}
