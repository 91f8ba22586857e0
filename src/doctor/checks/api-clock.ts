import type { ProviderTarget } from '../types.js';
import { DEFAULTS } from '../../core/defaults.js';
import type { FindingDraft } from './api-finding.js';
import type { HttpAnswer, HttpOutcome } from './api-http.js';
import { formatMs } from './api-outcome.js';

/**
 * `clock`: this machine's clock against the server's `Date` header. The server stamps the answer
 * somewhere between sending and receiving, to the whole second (truncated), so the local time is taken
 * at the middle of the exchange and the uncertainty is half the round trip plus half a second.
 */

export interface DatedAnswer {
  /** `https://api.openai.com`: whose clock this is. */
  origin: string;
  outcome: HttpOutcome | null;
}

export interface SkewReading {
  origin: string;
  serverDate: string;
  /** Positive: this machine is ahead of the server. */
  skewMs: number;
  uncertaintyMs: number;
}

export function measureSkew(answers: readonly DatedAnswer[]): SkewReading | null {
  let best: SkewReading | null = null;
  for (const { origin, outcome } of answers) {
    if (outcome?.kind !== 'answer') continue;
    const reading = skewOf(origin, outcome);
    if (reading && (best === null || reading.uncertaintyMs < best.uncertaintyMs)) best = reading;
  }
  return best;
}

function skewOf(origin: string, answer: HttpAnswer): SkewReading | null {
  const serverDate = answer.headers.date;
  const server = serverDate ? Date.parse(serverDate) : NaN;
  if (Number.isNaN(server)) return null;
  const local = (answer.sentAt + answer.headersAt) / 2;
  return { origin, serverDate: serverDate!, skewMs: Math.round(local - (server + 500)), uncertaintyMs: Math.round((answer.headersAt - answer.sentAt) / 2 + 500) };
}

export function clockDraft(target: ProviderTarget, reading: SkewReading | null): FindingDraft {
  if (reading === null) {
    return { status: 'skip', title: 'Clock not compared', detail: `No answer from ${new URL(target.baseUrl).origin} carried a Date header to compare this machine's clock with.` };
  }
  const direction = reading.skewMs > 0 ? 'ahead of' : 'behind';
  const size = Math.abs(reading.skewMs);
  const least = Math.max(0, size - reading.uncertaintyMs);
  const seen = `The server at ${reading.origin} said Date: ${reading.serverDate}; this machine's clock is ${formatMs(size)} ${direction} it (±${formatMs(reading.uncertaintyMs)}; local time now ${new Date().toISOString()}).`;
  const fixes = [
    'Turn on time synchronisation: `sudo timedatectl set-ntp true` (systemd), or `sudo chronyc makestep` with chrony; on Windows `w32tm /resync`.',
    'In a container or VM the clock is the host\'s: fix it on the host (WSL 2 after sleep: `sudo hwclock -s`).',
  ];
  if (least > DEFAULTS.doctor.api.clockFailSkewMs) {
    return {
      status: 'fail',
      category: 'network_tls',
      title: `This machine's clock is ${formatMs(size)} off`,
      detail: `${seen} A clock this far off makes fresh TLS certificates look not yet valid (or expired ones valid), and every reset time and retry-after date is misread.`,
      fixes,
    };
  }
  if (least > DEFAULTS.doctor.api.clockWarnSkewMs) {
    return {
      status: 'warn',
      title: `This machine's clock is ${formatMs(size)} ${direction} the server's`,
      detail: `${seen} Rate-limit reset timestamps and retry-after dates are absolute times: read with this clock they give waits ${formatMs(size)} too ${reading.skewMs > 0 ? 'short (a retry storm)' : 'long'}, and signed or time-limited credentials can fail.`,
      fixes,
    };
  }
  return { status: 'pass', title: 'Clock agrees with the server', detail: seen };
}
