/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // ESM-only packages are compiled to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(ky|@octokit|jose)/)'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 120_000,
  collectCoverageFrom: [
    'activities/**/*.ts',
    'app/**/*.ts',
    'adapters/**/*.ts',
    'client/**/*.ts',
    'cli/**/*.ts',
    'config/**/*.ts',
    'telemetry/**/*.ts',
    'console/**/*.ts',
    'contracts/**/*.ts',
    'mapping/**/*.ts',
    'schema/**/*.ts',
    'server/**/*.ts',
    'store/**/*.ts',
    '!**/*.d.ts',
    '!server/main.ts', // a process entry point, run by `npm run server`
  ],
  // workflows/ runs inside Temporal's sandbox bundle, which jest's instrumentation cannot see; the integration
  // tests exercise it through the real server instead.
  coverageReporters: ['text-summary', 'text', 'lcov'],
  coverageThreshold: { global: { statements: 80, lines: 80, functions: 80, branches: 70 } },
};
