import type { FastifyRequest } from 'fastify';
import { Unauthenticated } from '@claimtrail/errors';
import { requestMetadata } from './request-metadata';

describe('requestMetadata', () => {
  it('names the actor and uses the request id as correlation and causation id', () => {
    const request = { id: 'req-42', actor: { keyId: 'k1', role: 'editor' } } as FastifyRequest;
    expect(requestMetadata(request)).toEqual({
      actor: { keyId: 'k1', role: 'editor' },
      correlationId: 'req-42',
      causationId: 'req-42',
    });
  });

  it('refuses a request nobody authenticated', () => {
    expect(() => requestMetadata({ id: 'req-43' } as FastifyRequest)).toThrow(Unauthenticated);
  });
});
