import type { EndpointMatch, WireFormat } from '../../providers/wire.js';
import type { ClientIdentity } from '../clients/types.js';
import type { ClientGone } from './client-gone.js';

/** A client's request after parsing: what it asks for and in which format it expects the answer. */
export interface GatewayCall {
  requestId: string;
  receivedAt: number;
  method: string;
  match: EndpointMatch;
  wire: WireFormat;
  /** The parsed JSON body (null for GETs). */
  body: Record<string, unknown> | null;
  /** The body as received: forwarded as is when nothing in it changes. */
  rawBody: Buffer | null;
  query: URLSearchParams;
  /** The model the client named (body or path); null for listings. */
  model: string | null;
  streaming: boolean;
  /** The stored answer the request reads, changes or continues (`WireFormat.answerNeeded`), or null. */
  answerNeeded: string | null;
  /** Client headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** Aborted when the client goes away. */
  signal: ClientGone;
  /** The client key that was accepted (set on admission); null when the gateway runs without client keys. */
  client: ClientIdentity | null;
}
