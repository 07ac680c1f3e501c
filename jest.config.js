/**
 * One Jest run for everything `npm test` covers. Each project keeps its own environment:
 * TypeScript (Lambdas, sandbox, flows) runs in node through SWC; the Salesforce LWC components run
 * in jsdom through the @salesforce/sfdx-lwc-jest preset.
 *
 * `sfdx-lwc-jest` (the Salesforce DX command) runs plain `jest` with this file when it exists, so
 * when this config is loaded under it only the LWC project is kept: `npx sfdx-lwc-jest` then runs
 * exactly the LWC tests, as in any Salesforce DX project.
 */
const fs = require('node:fs');
const { jestConfig: lwcPreset } = require('@salesforce/sfdx-lwc-jest/config');

/** True when the parent process is the sfdx-lwc-jest command (Linux: /proc; elsewhere: SFDX_LWC_JEST_ONLY=1). */
function launchedBySfdxLwcJest() {
  if (process.env.SFDX_LWC_JEST_ONLY === '1') return true;
  try {
    return fs.readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8').includes('sfdx-lwc-jest');
  } catch {
    return false;
  }
}

const nodeProject = {
  displayName: 'node',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup-node.ts'],
};

const lwcProject = {
  ...lwcPreset,
  displayName: 'lwc',
  rootDir: __dirname,
  roots: ['<rootDir>/force-app'],
  testMatch: ['**/__tests__/**/*.test.js'],
  collectCoverageFrom: undefined,
  moduleNameMapper: {
    // A NavigationMixin whose Navigate calls tests can inspect (the preset's stub drops them).
    '^lightning/navigation$': '<rootDir>/test/salesforce/jest-mocks/lightning/navigation.js',
  },
  setupFilesAfterEnv: [
    ...(lwcPreset.setupFilesAfterEnv || []),
    '<rootDir>/test/salesforce/jest-lwc-setup.js',
  ],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: launchedBySfdxLwcJest() ? [lwcProject] : [nodeProject, lwcProject],
};
