export { appTableGrants, ensureAppRole, migrations, migrate } from './migrations';
