export { createRedis, readEvictionPolicy } from './create-redis';
