import type { Category } from '../categories.js';

/** What a bare HTTP status means when nothing more specific decided. */
export const GENERIC_STATUS_MEANING: Readonly<Partial<Record<number, Category>>> = {
  400: 'bad_request',
  401: 'key_invalid',
  402: 'billing',
  403: 'permission_denied',
  404: 'wrong_endpoint',
  405: 'wrong_endpoint',
  407: 'network_proxy',
  408: 'timeout',
  413: 'bad_request',
  422: 'bad_request',
  429: 'rate_limited',
  500: 'server_error',
  501: 'wrong_endpoint',
  502: 'server_error',
  503: 'server_error',
  504: 'timeout',
  520: 'server_error',
  521: 'server_error',
  522: 'network_connect',
  523: 'server_error',
  524: 'timeout',
  529: 'overloaded',
};
