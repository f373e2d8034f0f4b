export { AppConfig, ConfigError, loadConfig } from './app-config';
export type { AppConfigValues } from './app-config.schema';
export { ConfigModule } from './config.module';
