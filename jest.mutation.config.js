/**
 * The Jest run StrykerJS mutates against (`npm run test:mutation`): the unit tests of `lambdas/src`
 * only. Stryker runs every covering test file per mutant, hooks included, so a suite that starts
 * the sandbox would cost seconds per mutant (the full run would take hours on a 2-core machine);
 * the integration suites run in `npm test`. Not part of `npm test`.
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'lambdas',
  // Node's environment, bailing at a file's first failing test while Stryker runs a mutant.
  testEnvironment: require.resolve('./test/mutation/bail-environment.cjs'),
  rootDir: __dirname,
  // Sources in the module map too: Stryker's related-test search (enableFindRelatedTests) must see
  // that a test reaches a file through others (session.ts only through the handler), or every
  // mutant there runs no test and "survives".
  roots: ['<rootDir>/test', '<rootDir>/lambdas', '<rootDir>/scripts'],
  testMatch: ['<rootDir>/test/unit/lambdas/**/*.test.ts', '<rootDir>/test/unit/presence/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup-node.ts'],
};
