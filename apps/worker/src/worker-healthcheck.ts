import { statSync } from 'node:fs';
import { HEARTBEAT_FILE } from './worker-heartbeat';

/** Exit 0 when the worker wrote its heartbeat within the last 30 s (container healthcheck). */
try {
  const ageMs = Date.now() - statSync(HEARTBEAT_FILE).mtimeMs;
  process.exit(ageMs < 30_000 ? 0 : 1);
} catch {
  process.exit(1);
}
