/**
 * Canonical JSON (RFC 8785 "JCS" for the values JSON.stringify produces): object keys
 * sorted by UTF-16 code units, no whitespace, strings and numbers exactly as
 * JSON.stringify writes them. Values go through `toJSON` and drop `undefined`,
 * functions and symbols the way JSON.stringify does, so the canonical text parses back
 * to what JSON.stringify would have stored. An auditor reproduces it with any JCS
 * implementation.
 *
 * Throws a plain Error for what Postgres' jsonb cannot store faithfully (`\u0000`) or
 * JSON cannot express (BigInt, cycles); callers turn it into a validation error.
 */
export function canonicalJson(value: unknown): string {
  const out = write(value, new Set());
  if (out === undefined) throw new Error('value has no JSON representation');
  return out;
}

function write(value: unknown, ancestors: Set<object>): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000')) throw new Error('strings must not contain \\u0000');
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      throw new Error('BigInt has no JSON representation');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
  }
  if (value === null) return 'null';
  const object = value;
  if (ancestors.has(object)) throw new Error('value contains a cycle');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) return `[${object.map((item) => write(item, ancestors) ?? 'null').join(',')}]`;
    const members: string[] = [];
    for (const key of Object.keys(object).sort()) {
      const member = write((object as Record<string, unknown>)[key], ancestors);
      if (member !== undefined) members.push(`${canonicalKey(key)}:${member}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(object);
  }
}

function canonicalKey(key: string): string {
  if (key.includes('\u0000')) throw new Error('keys must not contain \\u0000');
  return JSON.stringify(key);
}
