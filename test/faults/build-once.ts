import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The fault suite runs the built apps as child processes: build them once per run. */
export default function buildOnce(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: join(__dirname, '..', '..'), stdio: 'inherit' });
}
