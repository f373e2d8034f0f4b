import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@claimtrail/config';
import { DatabaseModule } from '@claimtrail/database';
import { CorroborationModule, SOURCE_ADAPTERS } from './corroboration.module';
import { AdapterPolicies } from './runner/adapter-policy';
import { SourceAdapter } from './source-adapter';

async function adaptersWith(env: Record<string, string>) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(loadConfig({ NODE_ENV: 'test', ...env })),
      DatabaseModule.forRoot('corroboration-spec'),
      CorroborationModule,
    ],
  }).compile();
  const adapters = moduleRef.get<SourceAdapter[]>(SOURCE_ADAPTERS);
  const policies = moduleRef.get(AdapterPolicies);
  await moduleRef.close();
  return { names: adapters.map((a) => a.name), policies };
}

describe('CorroborationModule', () => {
  it('registers the archive and cited URLs, and ClaimReview only with an API key', async () => {
    expect((await adaptersWith({})).names).toEqual(['archive', 'cited-urls']);
    expect((await adaptersWith({ CLAIMREVIEW_API_KEY: 'test-key' })).names).toEqual([
      'archive',
      'claim-review',
      'cited-urls',
    ]);
  });

  it('refuses to start with a stance model file it cannot use, naming the file', async () => {
    await expect(adaptersWith({ STANCE_MODEL_FILE: '/nonexistent/stance-model.json' })).rejects.toThrow(
      'stance model file /nonexistent/stance-model.json: cannot be read (ENOENT)',
    );
  });

  it('gives each source its configured policy, with the shared backoff', async () => {
    const { policies } = await adaptersWith({
      CLAIMREVIEW_TIMEOUT_MS: '1234',
      CLAIMREVIEW_RETRIES: '7',
      CORROBORATION_BACKOFF_BASE_MS: '50',
    });
    expect(policies.of('claim-review')).toEqual({
      timeoutMs: 1234,
      ratePerSecond: 5,
      maxConcurrent: 2,
      retries: 7,
      backoff: { baseMs: 50, maxMs: 30_000 },
    });
    expect(policies.of('cited-urls').timeoutMs).toBe(30_000);
  });
});
