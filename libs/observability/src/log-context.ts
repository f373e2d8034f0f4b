import { AsyncLocalStorage } from 'node:async_hooks';

/** What every line logged while serving a request says of it. */
export interface LogContext {
  requestId: string;
}

/**
 * The request being served, for the lines logged meanwhile (the root logger's mixin reads it):
 * one store per request instead of a child logger per request, which cost more than the rest
 * of the log line.
 */
export const logContext = new AsyncLocalStorage<LogContext>();
