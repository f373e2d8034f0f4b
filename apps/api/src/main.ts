import 'reflect-metadata';
import { ConfigError, loadConfig } from '@claimtrail/config';
import { createApiApp, migrateIfConfigured } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  await migrateIfConfigured(config);
  const app = await createApiApp(config);
  await app.listen(config.http.port, config.http.host);
}

main().catch((error) => {
  // Before the logger exists, a plain message is all an operator gets; make it name the problem.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
