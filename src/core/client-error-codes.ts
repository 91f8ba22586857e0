import type { Category } from './categories.js';

/**
 * Error codes that client stacks (Node, undici, node-fetch, axios, OpenSSL) set when no HTTP
 * answer arrived, or when the request never left the process.
 */
export const CLIENT_ERROR_CODES: Readonly<Record<string, Category>> = {
  ENOTFOUND: 'network_dns',
  EAI_AGAIN: 'network_dns',
  EAI_NONAME: 'network_dns',
  EAI_NODATA: 'network_dns',
  EAI_FAIL: 'network_dns',
  ECONNREFUSED: 'network_connect',
  ETIMEDOUT: 'network_connect',
  EHOSTUNREACH: 'network_connect',
  ENETUNREACH: 'network_connect',
  EHOSTDOWN: 'network_connect',
  ENETDOWN: 'network_connect',
  EADDRNOTAVAIL: 'network_connect',
  UND_ERR_CONNECT_TIMEOUT: 'network_connect',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'network_connect',
  ECONNRESET: 'network_reset',
  EPIPE: 'network_reset',
  UND_ERR_SOCKET: 'network_reset',
  UND_ERR_CLOSED: 'network_reset',
  ERR_STREAM_PREMATURE_CLOSE: 'network_reset',
  ERR_SOCKET_CLOSED: 'network_reset',
  ECONNABORTED: 'timeout', // axios: "timeout of 60000ms exceeded"
  ESOCKETTIMEDOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  SELF_SIGNED_CERT_IN_CHAIN: 'network_tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'network_tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'network_tls',
  UNABLE_TO_GET_ISSUER_CERT: 'network_tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'network_tls',
  CERT_HAS_EXPIRED: 'network_tls',
  CERT_NOT_YET_VALID: 'network_tls',
  CERT_UNTRUSTED: 'network_tls',
  CERT_SIGNATURE_FAILURE: 'network_tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'network_tls',
  EPROTO: 'network_tls',
  ERR_INVALID_CHAR: 'key_malformed', // Node: "Invalid character in header content [\"Authorization\"]"
  ERR_HTTP_INVALID_HEADER_VALUE: 'key_malformed',
};

export const CLIENT_ERROR_CODE_PATTERN = new RegExp(`\\b(${Object.keys(CLIENT_ERROR_CODES).join('|')})\\b`, 'g');
