import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering (ARCHITECTURE.md): app -> src/common; electron -> src; src/* -> src/common; nothing in src
// imports app or electron, and src/common runs anywhere (no Node built-ins). The job queue knows no
// feature, and the CLI is a host like the others: it reaches features only through `dispatch`.
const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'worker_threads',
  'stream',
  'url',
];
const UI_PACKAGES = ['electron', 'react', 'react-dom', 'react-dom/*', 'three', 'three/*'];
const CORE_RULES = [
  { group: UI_PACKAGES, message: 'the domain core has no Electron, React or three.js' },
  {
    group: ['**/app/**', '**/electron/**', '**/app', '**/electron'],
    message: 'src must not import app or electron',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'types',
      'test-results',
      'playwright-report',
      'bench/out',
      'tests/fixtures',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'src/common is shared with the renderer: no Node built-ins' },
            { group: UI_PACKAGES, message: 'src/common must not depend on UI or Electron' },
            { group: ['../*', '!../common', '!../common/*'], message: 'src/common imports only src/common' },
            { group: ['**/app/**', '**/electron/**'], message: 'src must not import app or electron' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: CORE_RULES,
        },
      ],
    },
  },
  {
    files: ['src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...CORE_RULES,
            {
              group: ['../*/**', '!../common/**', '!../workspace/**', '!../media/**'],
              message:
                'the job queue knows no feature: kinds come from the contract, implementations from service/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...CORE_RULES,
            {
              group: [
                '../*/**',
                '!../common/**',
                '!../service/services',
                '!../host/webHost',
                '!../host/limits',
                '!../workspace/workspace',
                '!../identity/**',
              ],
              message:
                'the CLI is a host: it calls features through dispatch, never their stores or handlers',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...NODE_BUILTINS, 'electron'], message: 'the renderer has no Node or Electron access' },
            {
              group: ['../**/src/*', '!../**/src/common', '!../**/src/common/*', '**/electron/**'],
              message: 'the renderer imports only src/common (the API contract) from src',
            },
          ],
        },
      ],
    },
  },
);
