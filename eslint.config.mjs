// ESLint on the project itself: typescript-eslint's recommended rules, plus the core's purity rule
// (src/core never imports vscode or the file system).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/e2e/node_modules/**', 'test/e2e/node24/**', '**/fixtures/**', 'examples/**', 'test/labelled/**', 'test/e2e/workspace/**', '.work/**', 'media/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode', 'fs', 'node:fs', 'path', 'node:path', 'child_process', 'node:child_process', 'fs/promises', 'node:fs/promises'] }],
    },
  },
);
