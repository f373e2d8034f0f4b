import type { Logger } from '@nestjs/common';

/**
 * A warning said at most once per `intervalMs`: an outage fails every retry until it ends, and one
 * line now and then says so as well as a thousand.
 */
export function throttledWarning(logger: Logger, intervalMs: number): (message: string) => void {
  let last = 0;
  return (message) => {
    if (Date.now() - last < intervalMs) return;
    last = Date.now();
    logger.warn(message);
  };
}
