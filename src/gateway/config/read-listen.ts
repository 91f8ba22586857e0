import { isMap, isScalar } from 'yaml';
import { DEFAULTS } from '../../core/defaults.js';
import { isPort, readPort, readText } from './read-values.js';
import { shorten } from './shorten.js';
import { configError, fieldsOf, given, kindOf, type Setting } from './setting.js';
import { GatewayConfigError } from './types.js';

export interface ListenAddress {
  host: string;
  port: number;
}

const LISTEN_FORMS = 'write host:port (127.0.0.1:4000), a port number, or { host, port }';

/** `listen` as written: `127.0.0.1:4000`, `[::1]:4000`, `:4000`, `4000`, or `{ host, port }`; absent parts stay unset. */
export function readListen(setting: Setting | undefined): Partial<ListenAddress> {
  const present = given(setting);
  if (present === undefined) return {};
  const node = present.node;
  if (isMap(node)) {
    const fields = fieldsOf(present, ['host', 'port'] as const);
    const host = given(fields.host);
    const port = given(fields.port);
    return {
      ...(host === undefined ? {} : { host: readHost(host) }),
      ...(port === undefined ? {} : { port: readPort(port) }),
    };
  }
  if (isScalar(node) && typeof node.value === 'number') return { port: readPort(present) };
  if (!isScalar(node) || typeof node.value !== 'string') throw configError(present, `${present.path} must be an address, not ${kindOf(node)}: ${LISTEN_FORMS}`);
  const text = readText(present).trim();
  const parsed = parseListenAddress(text);
  if (parsed === null) throw configError(present, `${present.path}: "${shorten(text)}" is not an address: ${LISTEN_FORMS}`);
  return parsed;
}

/** `host:port`, `[v6]:port`, `:port` or `port`; null when it is none of them or the port is out of range. */
export function parseListenAddress(text: string): Partial<ListenAddress> | null {
  const match = /^(?:(\[[^\]\s]+\]|[^\s:[\]]+)?:)?(\d+)$/.exec(text);
  if (match === null) return null;
  const [, host, portText = ''] = match;
  const port = Number(portText);
  if (!isPort(port)) return null;
  return host === undefined ? { port } : { host: host.replace(/^\[(.*)\]$/, '$1'), port };
}

/** The address the gateway listens on: the command line's parts over the file's over the defaults. */
export function resolveListen(fromFile: Partial<ListenAddress>, fromOptions: Partial<ListenAddress> | undefined): ListenAddress {
  const port = fromOptions?.port ?? fromFile.port ?? DEFAULTS.gateway.port;
  const host = fromOptions?.host ?? fromFile.host ?? DEFAULTS.gateway.host;
  if (!isPort(port)) throw new GatewayConfigError(`listen port ${port} is not a port number: use 0 (any free port) to 65535`);
  if (host.trim() === '') throw new GatewayConfigError('listen host is empty: use an address such as 127.0.0.1, or 0.0.0.0 for every interface');
  return { host, port };
}

function readHost(setting: Setting): string {
  const host = readText(setting).trim().replace(/^\[(.*)\]$/, '$1');
  if (host === '' || /\s/.test(host)) throw configError(setting, `${setting.path} must be a host name or address such as 127.0.0.1`);
  return host;
}
