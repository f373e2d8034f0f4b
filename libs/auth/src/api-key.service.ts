import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@claimtrail/config';
import { NotificationListener } from '@claimtrail/database';
import { NotFound, ValidationFailed } from '@claimtrail/errors';
import { ApiKeyCache } from './api-key-cache';
import { apiKeyPrefix, digestsEqual, hashApiKey, isWellFormedApiKey, newApiKey, secretDigest } from './api-key-format';
import { ApiKeyRepository } from './api-key.repository';
import { Actor, Role } from './role';

/** The key id that events and audit trails record for requests made with ADMIN_API_KEY. */
export const BOOTSTRAP_ADMIN_KEY_ID = 'bootstrap-admin';

/** An actor authenticated by an API key (never `system`). */
export type KeyActor = Actor & { role: Role };
/** A key as an admin sees it: never its hash. */
export type ApiKeyListing = Awaited<ReturnType<ApiKeyRepository['list']>>[number];
/** A new key with its plaintext, which this answer alone shows. */
export type CreatedApiKey = Awaited<ReturnType<ApiKeyRepository['insert']>> & { key: string };

/** Writing `last_used_at` on every request would turn every read into a write. */
const TOUCH_INTERVAL_MS = 60_000;
/** Uses are collected and written in one statement this often. */
const TOUCH_FLUSH_MS = 5000;
/** The channel the api_keys trigger notifies with a key's id whenever its row changes. */
const API_KEYS_CHANNEL = 'claimtrail_api_keys';
/** Each process answers a change on this channel (payload: the key id) once its cache has dropped the key. */
const API_KEYS_ACK_CHANNEL = 'claimtrail_api_keys_ack';
/** The listening connections' application_name: a revocation counts them to know how many acknowledgements to await. */
const LISTENER_APPLICATION_NAME = 'claimtrail-api-keys';
/** How long a revocation waits for every process's acknowledgement. */
const REVOCATION_ACK_TIMEOUT_MS = 2000;

function bearerTokenOf(authorization: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  return match ? match[1] : null;
}

/**
 * Creates, verifies and revokes API keys. A verified key is kept in a short-lived
 * in-process cache (API_KEY_CACHE_TTL_MS) that a change notification from Postgres (the
 * api_keys trigger, at the revocation's commit) clears at once in every process; while the
 * notification connection is down the cache is not used, so a revoked key is refused from
 * its next request on, whichever process it reaches.
 */
@Injectable()
export class ApiKeyService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('auth');
  /** ADMIN_API_KEY's digest, computed once: a request's key is hashed once, for this and for the lookup. */
  private readonly adminKeyDigest: Buffer | undefined;
  private readonly lastTouched = new Map<string, number>();
  private readonly unwrittenUses = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly byRequest = new WeakMap<FastifyRequest, Promise<KeyActor | null>>();
  private readonly cache: ApiKeyCache;
  private readonly listener: NotificationListener | null;
  private readonly ackWaiters = new Map<string, () => void>();

  constructor(
    private readonly keys: ApiKeyRepository,
    config: AppConfig,
  ) {
    const { adminApiKey } = config.auth;
    this.adminKeyDigest = adminApiKey === undefined ? undefined : secretDigest(adminApiKey);
    this.cache = new ApiKeyCache(config.auth.keyCacheTtlMs ?? 0, () => this.listener?.listening ?? false);
    this.listener =
      config.auth.keyCacheTtlMs && config.database?.url
        ? new NotificationListener({
            url: config.database.url,
            channels: [API_KEYS_CHANNEL, API_KEYS_ACK_CHANNEL],
            applicationName: LISTENER_APPLICATION_NAME,
            onNotification: (channel, keyId) =>
              channel === API_KEYS_CHANNEL ? this.changed(keyId) : this.ackWaiters.get(keyId)?.(),
            // Whatever changed while nobody listened is unknown: start from empty.
            onListening: () => this.cache.forgetAll(),
            onLost: () => {
              this.cache.forgetAll();
              this.logger.warn(
                'API key change notifications lost: verifying every key against Postgres until they are back',
              );
            },
          })
        : null;
  }

  async onModuleInit(): Promise<void> {
    await this.listener?.start();
  }

  /** Creates a key; the returned `key` is the only time anyone sees it. */
  async create(input: { name: string; role: Role }, creator: Actor): Promise<CreatedApiKey> {
    const { key, prefix, hash } = newApiKey();
    const row = await this.keys.insert({ ...input, prefix, keyHash: hash, createdBy: creator.keyId });
    return { ...row, key };
  }

  /**
   * Stores a key whose plaintext is already known, such as the public demo keys in seeds/
   * (only its hash, as always). Returns false when it was stored before.
   */
  async importKey(input: { name: string; role: Role; key: string }, creator: Actor): Promise<boolean> {
    if (!isWellFormedApiKey(input.key))
      throw new ValidationFailed([{ field: 'key', rule: 'invalid_format', message: 'Not a ct_<prefix>_<secret> key' }]);
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
  list(): Promise<ApiKeyListing[]> {
    return this.keys.list();
  }

  /**
   * Revokes a key (idempotently); its next request is refused, in every process: the
   * revocation answers once every API process listening for key changes has acknowledged
   * dropping the key from its cache (or after REVOCATION_ACK_TIMEOUT_MS).
   */
  async revoke(id: string) {
    const listeners = this.listener?.listening ? await this.keys.countSessions(LISTENER_APPLICATION_NAME) : 0;
    const acknowledged = this.acknowledgements(id, listeners);
    const revoked = await this.keys.revoke(id);
    this.cache.forget(id);
    if (!revoked) throw new NotFound('API key', id);
    await acknowledged;
    return revoked;
  }

  /** The actor an `Authorization: Bearer <key>` header stands for; null when missing, unknown or revoked. */
  async authenticate(authorization: string | undefined): Promise<KeyActor | null> {
    const token = bearerTokenOf(authorization);
    if (!token) return null;
    const digest = secretDigest(token);
    if (this.adminKeyDigest && digestsEqual(digest, this.adminKeyDigest)) {
      return { keyId: BOOTSTRAP_ADMIN_KEY_ID, role: 'admin' };
    }
    if (!isWellFormedApiKey(token)) return null;
    const hash = digest.toString('hex');
    const cached = this.cache.get(hash, Date.now());
    if (cached) {
      this.recordUse(cached.keyId);
      return cached;
    }
    const generation = this.cache.generation;
    const key = await this.keys.findActiveByHash(hash);
    if (!key) return null;
    const actor: KeyActor = { keyId: key.id, role: key.role };
    this.cache.set(hash, actor, Date.now(), generation);
    this.recordUse(key.id);
    return actor;
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
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await this.listener?.stop();
    await this.flush();
  }

  /** A key's row changed: drop it, then tell whoever revoked it that this process has. */
  private changed(keyId: string): void {
    this.cache.forget(keyId);
    void this.listener?.notify(API_KEYS_ACK_CHANNEL, keyId);
  }

  /** Resolves after `count` acknowledgements for `keyId` (or REVOCATION_ACK_TIMEOUT_MS, or at once for 0). */
  private acknowledgements(keyId: string, count: number): Promise<void> {
    if (count === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let remaining = count;
      const done = () => {
        clearTimeout(timer);
        this.ackWaiters.delete(keyId);
        resolve();
      };
      const timer = setTimeout(done, REVOCATION_ACK_TIMEOUT_MS).unref();
      this.ackWaiters.set(keyId, () => {
        if (--remaining <= 0) done();
      });
    });
  }

  /**
   * Notes a use; last_used_at is written for all keys used, in one statement every TOUCH_FLUSH_MS, at most once a
   * minute per key.
   */
  private recordUse(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.lastTouched.set(keyId, now);
    this.unwrittenUses.add(keyId);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, TOUCH_FLUSH_MS);
    this.flushTimer.unref();
  }

  private flush(): Promise<void> {
    const ids = [...this.unwrittenUses];
    this.unwrittenUses.clear();
    if (ids.length === 0) return this.flushing;
    this.flushing = this.flushing
      .then(() => this.keys.touch(ids))
      .catch((error: unknown) => this.logger.warn({ err: error, keys: ids.length }, 'could not record API key use'));
    return this.flushing;
  }
}
