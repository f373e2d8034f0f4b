import { SingleBar } from 'cli-progress';

/** A progress bar on stderr with ETA and events/s (rate over the whole run so far). */
export function eventsProgressBar(label: string): { update(processed: number, total: number): void; stop(): void } {
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
    stream: process.stderr,
    etaBuffer: 50,
    hideCursor: true,
    // Plain characters: readable in CI logs too.
    barCompleteChar: '#',
    barIncompleteChar: '-',
  });
  const startedAt = Date.now();
  let started = false;
  return {
    update(processed, total) {
      const rate = Math.round(processed / Math.max((Date.now() - startedAt) / 1000, 0.001));
      if (!started) {
        bar.start(Math.max(total, processed), processed, { rate });
        started = true;
      }
      bar.setTotal(Math.max(total, processed));
      bar.update(processed, { rate });
    },
    stop: () => started && bar.stop(),
  };
}
