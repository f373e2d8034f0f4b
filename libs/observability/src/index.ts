export { MetricsRegistry } from './metrics';
export { ObservabilityModule, requestIdOf } from './observability.module';
