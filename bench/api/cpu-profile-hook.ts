/**
 * Preloaded into an API process by `bench:api --profile` (node -r): on the parent's IPC
 * message `cpu-profile:start` it starts a V8 CPU profile, on `cpu-profile:stop` it writes
 * it to the given file and answers `cpu-profile:written`, so the bench profiles exactly the
 * load it drives and nothing of the boot. (Not a signal: Nest's shutdown hooks own SIGUSR2.)
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
// The IPC channel must not keep the process alive after Nest's shutdown.
process.channel?.unref();

process.on('message', (message: { type: string; file?: string }) => {
  if (message.type === 'cpu-profile:start') {
    session.post('Profiler.enable', () => session.post('Profiler.start'));
  } else if (message.type === 'cpu-profile:stop') {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(message.file!, JSON.stringify(result.profile));
      process.send?.({ type: 'cpu-profile:written', error: error?.message });
    });
  }
});
