/**
 * The Jest run StrykerJS mutates against (`npm run test:mutation`): the unit tests that exercise
 * `lambdas/src` (test/unit/lambdas, test/unit/presence), so a mutation run stays bounded on a
 * 2-core machine. Not part of `npm test`.
 *
 * `lambdas/src` is a root so that Jest's `--findRelatedTests` (which Stryker uses to pick the test
 * files for a mutant) sees the whole import graph: with only `test/` as a root, a test reaching a
 * module through another source module (the handler → the session) was never selected, its
 * mutants "survived" with zero tests run. The sandbox integration tests stay out: each of them
 * takes seconds per mutant (module reloads, emulators, deadlines), and the unit tests reach the
 * same code through the exported handlers in milliseconds.
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'lambdas',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test', '<rootDir>/lambdas/src'],
  testMatch: ['<rootDir>/test/unit/lambdas/**/*.test.ts', '<rootDir>/test/unit/presence/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup-node.ts'],
};
