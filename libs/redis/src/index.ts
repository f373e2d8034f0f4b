export { createRedis, readEvictionPolicy, readPersistence } from './create-redis';
export type { RedisPersistence } from './create-redis';
