import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@claimtrail/config';
import { NotFound, ValidationFailed } from '@claimtrail/errors';
import { apiKeyPrefix, hashApiKey, isWellFormedApiKey, newApiKey, secretsEqual } from './api-key-format';
import { ApiKeyRepository } from './api-key.repository';
import { Actor, Role } from './role';

/** The key id that events and audit trails record for requests made with ADMIN_API_KEY. */
export const BOOTSTRAP_ADMIN_KEY_ID = 'bootstrap-admin';

/** An actor authenticated by an API key (never `system`). */
export type KeyActor = Actor & { role: Role };

/** Writing `last_used_at` on every request would turn every read into a write. */
const TOUCH_INTERVAL_MS = 60_000;

function bearerTokenOf(authorization: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  return match ? match[1] : null;
}

/**
 * Creates, verifies and revokes API keys. Verification reads the database on every
 * request (one indexed lookup), so a revoked key is refused from the next request on,
 * in every process, with no cache to wait out.
 */
@Injectable()
export class ApiKeyService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('auth');
  private readonly adminApiKey: string | undefined;
  private readonly lastTouched = new Map<string, number>();
  private readonly pendingTouches = new Set<Promise<void>>();
  private readonly byRequest = new WeakMap<FastifyRequest, Promise<KeyActor | null>>();

  constructor(
    private readonly keys: ApiKeyRepository,
    config: AppConfig,
  ) {
    this.adminApiKey = config.auth.adminApiKey;
  }

  /** Creates a key; the returned `key` is the only time anyone sees it. */
  async create(input: { name: string; role: Role }, creator: Actor) {
    const { key, prefix, hash } = newApiKey();
    const row = await this.keys.insert({ ...input, prefix, keyHash: hash, createdBy: creator.keyId });
    return { ...row, key };
  }

  /**
   * Stores a key whose plaintext is already known, such as the public demo keys in seeds/
   * (only its hash, as always). Returns false when it was stored before.
   */
  async importKey(input: { name: string; role: Role; key: string }, creator: Actor): Promise<boolean> {
    if (!isWellFormedApiKey(input.key)) throw new ValidationFailed([{ field: 'key', rule: 'invalid_format', message: 'Not a ct_<prefix>_<secret> key' }]);
    const inserted = await this.keys.insertIfAbsent({
      name: input.name,
      role: input.role,
      prefix: apiKeyPrefix(input.key),
      keyHash: hashApiKey(input.key),
      createdBy: creator.keyId,
    });
    return inserted !== undefined;
  }

  /** Every key, revoked ones included, without secrets. */
  list() {
    return this.keys.list();
  }

  /** Revokes a key (idempotently); its next request is refused. */
  async revoke(id: string) {
    const revoked = await this.keys.revoke(id);
    if (!revoked) throw new NotFound('API key', id);
    return revoked;
  }

  /** The actor an `Authorization: Bearer <key>` header stands for; null when missing, unknown or revoked. */
  async authenticate(authorization: string | undefined): Promise<KeyActor | null> {
    const token = bearerTokenOf(authorization);
    if (!token) return null;
    if (this.adminApiKey !== undefined && secretsEqual(token, this.adminApiKey)) {
      return { keyId: BOOTSTRAP_ADMIN_KEY_ID, role: 'admin' };
    }
    if (!isWellFormedApiKey(token)) return null;
    const key = await this.keys.findActiveByHash(hashApiKey(token));
    if (!key) return null;
    this.recordUse(key.id);
    return { keyId: key.id, role: key.role };
  }

  /** `authenticate` once per request, however many guards (auth, rate limit) ask. */
  authenticateRequest(request: FastifyRequest): Promise<KeyActor | null> {
    let actor = this.byRequest.get(request);
    if (!actor) {
      actor = this.authenticate(request.headers.authorization);
      this.byRequest.set(request, actor);
    }
    return actor;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.pendingTouches);
  }

  /** Updates last_used_at off the request path, at most once a minute per key and process. */
  private recordUse(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.lastTouched.set(keyId, now);
    const touch: Promise<void> = this.keys
      .touch(keyId)
      .catch((error: unknown) => this.logger.warn({ err: error, keyId }, 'could not record API key use'))
      .finally(() => this.pendingTouches.delete(touch));
    this.pendingTouches.add(touch);
  }
}
