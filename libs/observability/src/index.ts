export { MetricsRegistry } from './metrics';
export { ObservabilityModule, requestIdOf, ROOT_LOGGER } from './observability.module';
