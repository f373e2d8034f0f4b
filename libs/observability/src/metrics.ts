import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's Prometheus registry. One per process, shared by every module that
 * records metrics; served at GET /metrics by the API.
 */
export class MetricsRegistry extends Registry {
  constructor(appName: string) {
    super();
    this.setDefaultLabels({ app: appName });
    collectDefaultMetrics({ register: this });
  }
}
