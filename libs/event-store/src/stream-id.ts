import { ValidationFailed } from '@claimtrail/errors';

/**
 * `<category>-<id>` (Message DB style), e.g. `claim-3f1c…`. The category names the
 * stream's type. The character set is narrow on purpose: stream ids and event types go
 * into the hashed canonical form verbatim, with nothing to escape.
 */
const STREAM_ID = /^([a-z][A-Za-z0-9_]{0,62})-[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;

/** The stream's category (its type), or a `ValidationFailed` naming the rule. */
export function streamTypeOf(streamId: string): string {
  const match = typeof streamId === 'string' ? STREAM_ID.exec(streamId) : null;
  if (!match) {
    throw new ValidationFailed(
      [{ field: 'streamId', rule: 'invalid_format', message: 'must be <category>-<id>, e.g. claim-3f1c…' }],
      `Malformed stream id ${JSON.stringify(streamId)}`,
    );
  }
  return match[1];
}

export function isValidEventType(type: unknown): type is string {
  return typeof type === 'string' && EVENT_TYPE.test(type);
}
