import { uuidV7 } from './uuid-v7';

describe('uuidV7', () => {
  it('is a version 7, variant 1 UUID carrying the time in its first 48 bits', () => {
    const id = uuidV7(Date.UTC(2026, 10, 29, 20, 0, 0, 123));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 29, 20, 0, 0, 123));
  });

  it('sorts by time and does not repeat', () => {
    const earlier = uuidV7(1_000);
    const later = uuidV7(2_000);
    expect(earlier < later).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => uuidV7())).size).toBe(1000);
  });
});
