/**
 * The Jest run StrykerJS mutates against (`npm run test:mutation`): only the tests that exercise
 * `lambdas/src` (its unit tests, the presence unit tests, and the find-last-agent, agent-events and
 * presence-table integration tests against the sandbox stand-ins), so
 * a mutation run stays bounded on a 2-core machine. Not part of `npm test`.
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'lambdas',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test', '<rootDir>/lambdas/src'],
  testMatch: [
    '<rootDir>/test/unit/lambdas/**/*.test.ts',
    '<rootDir>/test/integration/find-last-agent.test.ts',
    '<rootDir>/test/unit/presence/**/*.test.ts',
    // The agent-events handler and the presence table against dynalite and the Connect emulator.
    '<rootDir>/test/integration/agent-events.test.ts',
    '<rootDir>/test/integration/presence-table.test.ts',
  ],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup-node.ts'],
};
