import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { EventStore } from '@claimtrail/event-store';
import { MetricsRegistry } from '@claimtrail/observability';
import { ProjectionRebuilder, ProjectionStatus } from '@claimtrail/projections';

/**
 * Projection metrics in the process's Prometheus registry, read from Postgres at scrape
 * time (the projectors run in the worker, which serves no HTTP):
 * - `claimtrail_projection_lag_events{projection}`: events between the log's head and the checkpoint;
 * - `claimtrail_projection_horizon_held_back`: 1 while a long-running transaction holds
 *   back events every subscriber could otherwise deliver;
 * - `claimtrail_horizon_holder_seconds{pid,database,application}`: while it does, for how
 *   long the session holding it (in any database of the server) has been in its transaction.
 */
@Injectable()
export class ProjectionMetrics implements OnModuleInit {
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly rebuilder: ProjectionRebuilder,
    private readonly eventStore: EventStore,
  ) {}

  onModuleInit(): void {
    const rebuilder = this.rebuilder;
    // Both gauges are collected on one scrape; they share one read.
    let reading: Promise<ProjectionStatus[]> | null = null;
    const read = () =>
      (reading ??= Promise.all(rebuilder.names().map((name) => rebuilder.status(name))).finally(
        () => (reading = null),
      ));
    new Gauge({
      name: 'claimtrail_projection_lag_events',
      help: "Events between the log's head and the projection's checkpoint",
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const status of await read()) this.set({ projection: status.name }, status.lag);
      },
    });
    new Gauge({
      name: 'claimtrail_projection_horizon_held_back',
      help: '1 while a long-running transaction holds back events the projectors could otherwise apply',
      registers: [this.registry],
      async collect() {
        const statuses = await read();
        this.set(statuses.some((s) => s.horizonHeldBack) ? 1 : 0);
      },
    });
    const eventStore = this.eventStore;
    new Gauge({
      name: 'claimtrail_horizon_holder_seconds',
      help:
        'While committed events are held back: how long the session holding the visibility horizon (any ' +
        'database) has been in its transaction',
      labelNames: ['pid', 'database', 'application'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const { heldBack, heldBy } = await eventStore.horizonStatus();
        if (!heldBack || !heldBy) return;
        this.set(
          { pid: String(heldBy.pid), database: heldBy.database ?? '', application: heldBy.applicationName },
          heldBy.heldForMs / 1000,
        );
      },
    });
  }
}
