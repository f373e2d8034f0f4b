import type { Role } from './role';

interface Entry {
  keyId: string;
  role: Role;
  expiresAt: number;
}

/**
 * Verified keys by hash, for a short time. It is only as good as the invalidations it
 * hears: the owner calls `forget`/`forgetAll` on every change notification and when the
 * notification connection is lost, and `listening` (the owner's notification listener) is
 * false until it listens again, so no answer comes from the cache while a revocation could go
 * unheard. A lookup that raced with an invalidation is not stored (`generation`).
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private generationCount = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly listening: () => boolean,
    private readonly maxEntries = 10_000,
  ) {}

  /** Changes whenever something is invalidated: store a lookup only if it did not change meanwhile. */
  get generation(): number {
    return this.generationCount;
  }

  get(keyHash: string, now: number): { keyId: string; role: Role } | undefined {
    if (!this.listening()) return undefined;
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return { keyId: entry.keyId, role: entry.role };
    this.entries.delete(keyHash);
    return undefined;
  }

  set(keyHash: string, key: { keyId: string; role: Role }, now: number, generation: number): void {
    if (!this.listening() || this.ttlMs <= 0 || generation !== this.generationCount) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(keyHash, { ...key, expiresAt: now + this.ttlMs });
  }

  /** Drops every entry of this key id. */
  forget(keyId: string): void {
    this.generationCount++;
    for (const [hash, entry] of this.entries) if (entry.keyId === keyId) this.entries.delete(hash);
  }

  forgetAll(): void {
    this.generationCount++;
    this.entries.clear();
  }
}
