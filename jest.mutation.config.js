/**
 * The Jest run StrykerJS mutates against (`npm run test:mutation`): only the tests that exercise
 * `lambdas/src` (its unit tests and the find-last-agent integration test against the sandbox), so
 * a mutation run stays bounded on a 2-core machine. Not part of `npm test`.
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'lambdas',
  testEnvironment: 'node',
  rootDir: __dirname,
  // Sources in the module map too: Stryker's related-test search (enableFindRelatedTests) must see
  // that a test reaches a file through others (session.ts only through the handler), or every
  // mutant there runs no test and "survives".
  roots: ['<rootDir>/test', '<rootDir>/lambdas', '<rootDir>/scripts'],
  testMatch: [
    '<rootDir>/test/unit/lambdas/**/*.test.ts',
    '<rootDir>/test/integration/find-last-agent.test.ts',
  ],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup-node.ts'],
};
