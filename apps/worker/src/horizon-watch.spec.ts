import { Logger } from '@nestjs/common';
import type { EventStore, HorizonStatus } from '@claimtrail/event-store';
import { HorizonWatch } from './horizon-watch';

describe('HorizonWatch', () => {
  const held = (pid: number, heldForMs: number): HorizonStatus => ({
    transactionId: '100',
    heldBack: true,
    heldBy: {
      pid,
      database: 'other_app',
      applicationName: 'psql',
      state: 'idle in transaction',
      transactionStartedAt: null,
      heldForMs,
    },
  });

  it('names the holding pid and its database once per session, after 30 s', async () => {
    let status = held(4242, 5_000);
    const watch = new HorizonWatch({ horizonStatus: () => Promise.resolve(status) } as unknown as EventStore);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      expect(await watch.check()).toBe(false);
      status = held(4242, 45_000);
      expect(await watch.check()).toBe(true);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/pid 4242 in database "other_app".*45 s/));
      expect(await watch.check()).toBe(false);
      status = held(4343, 31_000);
      expect(await watch.check()).toBe(true);
      status = { transactionId: '200', heldBack: false, heldBy: null };
      expect(await watch.check()).toBe(false);
      status = held(4343, 60_000);
      expect(await watch.check()).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });
});
