import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@claimtrail/config';
import { hashApiKey, newApiKey } from './api-key-format';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyService, BOOTSTRAP_ADMIN_KEY_ID } from './api-key.service';

const ADMIN_API_KEY = 'a-bootstrap-admin-key-of-enough-length';

/** The service over an in-memory stand-in for the repository's two verification queries. */
function serviceWith(stored: { key: string; id: string; role: 'reporter' | 'admin' }[], adminApiKey?: string) {
  const repository = {
    findActiveByHash: jest.fn((hash: string) => Promise.resolve(stored.find((k) => hashApiKey(k.key) === hash))),
    touch: jest.fn(() => Promise.resolve()),
  };
  const config = { auth: { adminApiKey } } as AppConfig;
  return { service: new ApiKeyService(repository as unknown as ApiKeyRepository, config), repository };
}

describe('ApiKeyService.authenticate', () => {
  const reporter = { key: newApiKey().key, id: 'k-reporter', role: 'reporter' as const };

  it('knows a stored key by its hash', async () => {
    const { service } = serviceWith([reporter]);
    await expect(service.authenticate(`Bearer ${reporter.key}`)).resolves.toEqual({
      keyId: 'k-reporter',
      role: 'reporter',
    });
  });

  it('accepts ADMIN_API_KEY as the bootstrap admin, only when configured', async () => {
    await expect(serviceWith([], ADMIN_API_KEY).service.authenticate(`Bearer ${ADMIN_API_KEY}`)).resolves.toEqual({
      keyId: BOOTSTRAP_ADMIN_KEY_ID,
      role: 'admin',
    });
    await expect(serviceWith([]).service.authenticate(`Bearer ${ADMIN_API_KEY}`)).resolves.toBeNull();
  });

  it.each([undefined, '', 'Bearer', `Token ${'x'.repeat(30)}`, 'Bearer a b'])(
    'refuses %j without a lookup',
    async (header) => {
      const { service, repository } = serviceWith([reporter], ADMIN_API_KEY);
      await expect(service.authenticate(header)).resolves.toBeNull();
      expect(repository.findActiveByHash).not.toHaveBeenCalled();
    },
  );

  it('refuses a well-formed key it does not know', async () => {
    await expect(serviceWith([reporter]).service.authenticate(`Bearer ${newApiKey().key}`)).resolves.toBeNull();
  });

  it('records a key use at most once a minute', async () => {
    const { service, repository } = serviceWith([reporter]);
    for (let i = 0; i < 5; i++) await service.authenticate(`Bearer ${reporter.key}`);
    await service.beforeApplicationShutdown();
    expect(repository.touch).toHaveBeenCalledTimes(1);
    expect(repository.touch).toHaveBeenCalledWith(['k-reporter']);
  });

  it('writes the uses of several keys in one statement', async () => {
    const editor = { key: newApiKey().key, id: 'k-editor', role: 'reporter' as const };
    const { service, repository } = serviceWith([reporter, editor]);
    await service.authenticate(`Bearer ${reporter.key}`);
    await service.authenticate(`Bearer ${editor.key}`);
    await service.beforeApplicationShutdown();
    expect(repository.touch).toHaveBeenCalledTimes(1);
    expect(repository.touch).toHaveBeenCalledWith(['k-reporter', 'k-editor']);
  });

  it('authenticates a request once, however many guards ask', async () => {
    const { service, repository } = serviceWith([reporter]);
    const request = { headers: { authorization: `Bearer ${reporter.key}` } } as FastifyRequest;
    const [first, second] = await Promise.all([
      service.authenticateRequest(request),
      service.authenticateRequest(request),
    ]);
    expect(first).toEqual({ keyId: 'k-reporter', role: 'reporter' });
    expect(second).toBe(first);
    expect(repository.findActiveByHash).toHaveBeenCalledTimes(1);
  });
});
