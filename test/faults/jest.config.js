/**
 * The fault suite (`npm run test:faults`): its own Postgres cluster and redis-servers on
 * spare ports, never the machine's services, so no template database; the real API and
 * worker run as child processes from dist/, built once here.
 */
module.exports = {
  rootDir: '../..',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { swcrc: true }] },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: { '^@claimtrail/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  globalSetup: '<rootDir>/test/faults/build-once.ts',
  testTimeout: 120_000,
};
