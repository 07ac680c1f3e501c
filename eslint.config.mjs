// @ts-check
import js from '@eslint/js';
import lwcConfig from '@salesforce/eslint-config-lwc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'cdk.out/**',
      'coverage/**',
      'reports/**',
      '.stryker-tmp/**',
      'force-app/**/*.{cls,xml,json,css,html}',
      'test-results/**',
      '.probe/**',
      'scripts/preview/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // Plain JavaScript run by Node: configs, the deploy CLI, the benchmark worker.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The LWC preview page runs in the browser.
    files: ['scripts/preview/src/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    // CLIs and emulators talk to the terminal on purpose.
    files: ['scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  // Lightning Web Components: Salesforce's recommended LWC rules. The config's @babel/eslint-parser
  // does not run on ESLint 10 (no scopeManager.addGlobals); typescript-eslint's parser reads the
  // same decorators as ESTree, which is all the LWC rules look at.
  ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: ['force-app/**/lwc/**/*.js'] })),
  {
    files: ['force-app/**/lwc/**/*.js'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { requireConfigFile: undefined, babelOptions: undefined },
    },
  },
  {
    // Jest tests emit wire data by calling the adapters and flush with timers, as the Salesforce DX
    // project template allows.
    files: ['force-app/**/lwc/**/__tests__/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off', '@lwc/lwc/no-async-operation': 'off' },
  },
);
