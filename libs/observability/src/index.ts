export { MetricsRegistry } from './metrics';
export { logContext } from './log-context';
export type { LogContext } from './log-context';
export { ObservabilityModule, requestIdOf, ROOT_LOGGER } from './observability.module';
