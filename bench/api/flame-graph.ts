/**
 * Renders a V8 .cpuprofile as an interactive flame graph (0x's HTML: one self-contained file
 * that opens in any browser), so a profile taken under load can be read frame by frame.
 *
 *   node dist/bench/api/flame-graph.js <file.cpuprofile> <out.html> [title]
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zeroEks from '0x';

/** Writes the flame graph of `cpuProfile` to `outFile` (0x renders beside the profile; the result is copied). */
export async function renderFlameGraph(cpuProfile: string, outFile: string, title: string): Promise<string> {
  const profile = resolve(cpuProfile);
  const rendered = await zeroEks({
    visualizeCpuProfile: profile,
    name: basename(profile, '.cpuprofile'),
    title,
    workingDir: dirname(profile),
  });
  mkdirSync(dirname(resolve(outFile)), { recursive: true });
  copyFileSync(fileURLToPath(rendered), outFile);
  return outFile;
}

if (require.main === module) {
  const [profile, out, title] = process.argv.slice(2);
  if (!profile || !out) {
    console.error('usage: flame-graph <file.cpuprofile> <out.html> [title]');
    process.exit(2);
  }
  renderFlameGraph(profile, out, title ?? basename(profile)).then(
    (file) => console.log(file),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
