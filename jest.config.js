/**
 * One Jest run for everything `npm test` covers. Each project keeps its own environment:
 * TypeScript (Lambdas, sandbox, flows) runs in node through SWC.
 */
/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
      setupFilesAfterEnv: ['<rootDir>/test/setup-node.ts'],
    },
  ],
};
