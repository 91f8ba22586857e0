import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';

/**
 * A DNS server on 127.0.0.1 (UDP) that answers as a filtering or poisoning resolver would: the
 * addresses it is given, whatever the truth. `silent` never answers (a dead resolver).
 */
export interface FakeDns {
  /** `127.0.0.1:PORT`, for Resolver.setServers. */
  server: string;
  close(): Promise<void>;
}

export type Answers = Record<string, { a?: string[]; aaaa?: string[] }> | 'silent';

export async function startFakeDns(answers: Answers): Promise<FakeDns> {
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    if (answers === 'silent') return;
    const { name, type, end } = readQuestion(query);
    const records = answers[name.toLowerCase()];
    const addresses = type === 1 ? records?.a ?? [] : type === 28 ? records?.aaaa ?? [] : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(records ? 0x8180 : 0x8183, 2); // response, recursion available; NXDOMAIN if unknown
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(addresses.length, 6);
    const answerRecords = addresses.map((address) => {
      const data = type === 1 ? Buffer.from(address.split('.').map(Number)) : ipv6Bytes(address);
      const record = Buffer.alloc(12);
      record.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      record.writeUInt16BE(type, 2);
      record.writeUInt16BE(1, 4);
      record.writeUInt32BE(60, 6);
      record.writeUInt16BE(data.length, 10);
      return Buffer.concat([record, data]);
    });
    socket.send(Buffer.concat([header, query.subarray(12, end), ...answerRecords]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function readQuestion(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  while (offset < query.length && query[offset] !== 0) {
    const length = query[offset]!;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString('latin1'));
    offset += length + 1;
  }
  const type = query.readUInt16BE(offset + 1);
  return { name: labels.join('.'), type, end: offset + 5 };
}

function ipv6Bytes(address: string): Buffer {
  if (isIPv4(address)) throw new Error('not IPv6');
  const [head = '', tail = ''] = address.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const parts = address.includes('::') ? [...headParts, ...Array(8 - headParts.length - tailParts.length).fill('0'), ...tailParts] : headParts;
  const bytes = Buffer.alloc(16);
  parts.forEach((part, index) => bytes.writeUInt16BE(parseInt(part, 16), index * 2));
  return bytes;
}
