export { migrations, migrate } from './migrations';
