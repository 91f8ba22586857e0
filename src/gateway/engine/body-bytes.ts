type Body = Record<string, unknown>;

/**
 * The bytes to send for `rewritten`, a version of the request body `parsed` (read from `raw`): `raw` itself
 * when nothing changed; `raw` with the new fields put first when top-level fields were only added (a stream
 * asked for its usage); a fresh serialisation otherwise. Re-serialising a long conversation on every
 * request is the cost this avoids.
 */
export function bodyBytesFor(raw: Buffer, parsed: Body, rewritten: Body): Buffer | string {
  if (rewritten === parsed) return raw;
  let added = '';
  for (const key in rewritten) {
    const value = rewritten[key];
    if (value === parsed[key]) continue;
    if (key in parsed || value === undefined) return JSON.stringify(rewritten);
    added += `${JSON.stringify(key)}:${JSON.stringify(value)},`;
  }
  for (const key in parsed) if (!(key in rewritten)) return JSON.stringify(rewritten);
  if (added === '') return raw;
  const open = raw.indexOf(0x7b); // `{`: the body parsed as an object, so only whitespace can come before it
  const rest = raw.subarray(open + 1);
  return Buffer.concat([Buffer.from(`{${isEmptyObjectRest(rest) ? added.slice(0, -1) : added}`), rest]);
}

/** Whether what follows an object's `{` closes it at once: whitespace, then `}`. */
function isEmptyObjectRest(rest: Buffer): boolean {
  for (const byte of rest) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte === 0x7d;
  }
  return false;
}
