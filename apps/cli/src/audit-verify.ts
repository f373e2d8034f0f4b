import { readFileSync } from 'node:fs';
import { KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AuditSigningKey, Checkpoint, checkpointSchema, ed25519PublicKey, verifyHistory } from '@claimtrail/audit';
import { ConfigError, loadConfig } from '@claimtrail/config';
import { createKysely } from '@claimtrail/database';
import { EventStore } from '@claimtrail/event-store';

const USAGE = 'usage: npm run audit:verify -- --checkpoints <file> [--public-key <pem file>]';

class UsageError extends Error {}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not JSON (${(error as Error).message})`);
  }
}

/** The checkpoints file as `GET /audit/checkpoints` serves it (`{ items }`), or a bare array of them. */
function readCheckpoints(path: string): Checkpoint[] {
  const parsed = z
    .union([z.array(checkpointSchema), z.object({ items: z.array(checkpointSchema) }).transform((f) => f.items)])
    .safeParse(parseJson(readFileSync(path, 'utf8'), path));
  if (!parsed.success) throw new UsageError(`${path}: not a list of checkpoints (${parsed.error.issues[0].message})`);
  if (parsed.data.length === 0) throw new UsageError(`${path}: holds no checkpoint`);
  return parsed.data;
}

/** The auditor's own copy of the public key, or the one of the configured signing key. */
function publicKeyOf(path: string | undefined, signingKeyFile: string | undefined): KeyObject {
  if (path) return ed25519PublicKey(readFileSync(path, 'utf8'));
  if (signingKeyFile) return AuditSigningKey.fromPemFile(signingKeyFile).publicKey;
  throw new UsageError(`--public-key is needed (or AUDIT_SIGNING_KEY_FILE)\n${USAGE}`);
}

/**
 * `npm run audit:verify -- --checkpoints <file> [--public-key <pem>]`: checks the log
 * (DATABASE_URL) against checkpoints an auditor kept: every stream's hash chain, each
 * checkpoint's signature, and the log chain's count and head at each checkpoint. Prints the
 * result as JSON; exits 0 when the log is intact, 2 when it is not, 1 on bad input.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { checkpoints: { type: 'string' }, 'public-key': { type: 'string' } } });
  if (!values.checkpoints) throw new UsageError(USAGE);
  const config = loadConfig();
  const checkpoints = readCheckpoints(values.checkpoints);
  const publicKey = publicKeyOf(values['public-key'], config.audit.signingKeyFile);
  const db = createKysely({ url: config.database.url, poolSize: 2, applicationName: 'claimtrail-audit-verify' });
  try {
    const result = await verifyHistory(new EventStore(db), db, checkpoints, publicKey);
    console.log(JSON.stringify(result, null, 2));
    if (!result.ok) process.exitCode = 2;
  } finally {
    await db.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof UsageError ? error.message : error);
  process.exit(1);
});
