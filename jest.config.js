/** Unit specs sit beside the code; end-to-end specs live in test/. Both run on real services where they need them. */
const swc = ['@swc/jest', { swcrc: true }];
const common = {
  transform: { '^.+\\.[tj]s$': swc },
  // content-disposition (used by @fastify/static for the docs UI) and eventsource (the SSE tests' client) ship ESM only; jest needs them as CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|eventsource|eventsource-parser)/)'],
  moduleNameMapper: { '^@claimtrail/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  // The build copies specs' snapshots into dist/; jest must only see the sources.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], testTimeout: 60_000 },
  ],
  // Once for the whole run, not per project: one migrated template database.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30_000,
};
