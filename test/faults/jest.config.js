/**
 * The fault suite (`npm run test:faults`): its own Postgres cluster and redis-servers on
 * spare ports, never the machine's services, so no globalSetup template database.
 */
module.exports = {
  rootDir: '../..',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { swcrc: true }] },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: { '^@claimtrail/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  testTimeout: 120_000,
};
