// Where a process actually listens, read from /proc (Linux): proof that a server is on loopback only.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const attempt = (read) => {
  try {
    return read();
  } catch {
    return null;
  }
};

/** `0100007F:1F90` → `127.0.0.1:8080`; the tcp6 form (four little-endian 32-bit words) → `[::1]:8080`. */
function decodeAddress(text, v6) {
  const [hexAddress, hexPort] = text.split(':');
  const port = parseInt(hexPort, 16);
  const bytes = [];
  for (let word = 0; word < hexAddress.length; word += 8) {
    const chunk = hexAddress.slice(word, word + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(chunk.slice(i, i + 2), 16));
  }
  if (!v6) return `${bytes.join('.')}:${port}`;
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return `[${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}]:${port}`;
}

/** The TCP addresses `pid` listens on (sockets in state LISTEN owned by it). */
export function listeningAddresses(pid) {
  const inodes = new Set();
  for (const fd of attempt(() => readdirSync(`/proc/${pid}/fd`)) ?? []) {
    const match = /^socket:\[(\d+)\]$/.exec(attempt(() => readlinkSync(`/proc/${pid}/fd/${fd}`)) ?? '');
    if (match) inodes.add(match[1]);
  }
  const addresses = [];
  for (const table of ['tcp', 'tcp6']) {
    const lines = attempt(() => readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1)) ?? [];
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state] = fields;
      // 0A is LISTEN
      if (state === '0A' && inodes.has(fields[9])) addresses.push(decodeAddress(local, table === 'tcp6'));
    }
  }
  return addresses;
}

/** True when every listening address is in 127.0.0.0/8 or ::1. */
export const onlyLoopback = (addresses) => addresses.length > 0 && addresses.every((address) => /^127\.|^\[::1\]:/.test(address));
