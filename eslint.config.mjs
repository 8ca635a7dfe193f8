// One flat config for the whole monorepo: the recommended sets without type information (fast),
// React's hook rules for the web app, and the house rules (tooling/eslint/house-rules.mjs).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { houseRules } from './tooling/eslint/house-rules.mjs';

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/.next/', '**/dist/', '**/.turbo/', '**/generated/', 'artifacts/', 'coverage/', 'test-results/', '.kiln/', '**/next-env.d.ts']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'kiln/base',
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Kiln reads terminal output (ANSI escapes) and rejects control characters in input on purpose.
      'no-control-regex': 'off',
      // `let [a, b] = ...` where only b changes later reads better than splitting the destructuring.
      'prefer-const': ['error', { destructuring: 'all' }],
      // `_`-prefixed names are deliberately unused (a handler's signature, a tuple slot).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    name: 'kiln/web-hooks',
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    settings: { next: { rootDir: 'apps/web' } },
    rules: { ...nextPlugin.configs.recommended.rules, 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The simulator's guest tools are CommonJS scripts run inside the sandbox, where require is the way.
    name: 'kiln/commonjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  houseRules,
);
