// @ts-check
/**
 * `npm run lint` (part of `npm test`): type-aware checks the compiler does not make, above all
 * promises nobody awaits (a rejected one crashes the process or vanishes) and async functions
 * handed to callers that ignore their promise (event listeners, void callbacks).
 * Which module may import which is dependency-cruiser's job (`npm run lint:deps`), not ESLint's.
 *
 * Rules: eslint's and typescript-eslint's recommended type-checked sets, minus the `any`
 * family and two rules that are mostly noise here (see below). A deliberate exception in the
 * code is a `// eslint-disable-next-line RULE -- why` comment next to it.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/dist-test/**', '**/node_modules/**'] },
  {
    files: ['shared/**/*.ts', 'node-kit/**/*.ts', 'test-support/**/*.ts', 'appliance/**/*.ts', 'desktop/src/**/*.{ts,tsx}', 'desktop/test/**/*.ts', 'e2e/**/*.ts', 'scripts/*.ts', 'bench/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // One program for all Node code instead of one per tsconfig (the project references
        // overlap, so per-project programs type-check the appliance three times: ~2x slower).
        // The browser-side code and e2e keep their own configs: DOM types, bundler resolution, JSX.
        project: ['./tsconfig.eslint.json', './desktop/src/renderer/tsconfig.json', './desktop/src/host-client/tsconfig.json', './e2e/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The reasons this file exists: always errors, never disabled in the code.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',

      // `any` arrives from JSON.parse and untyped packages, mostly in tests; product code
      // validates such values with zod at the boundary. Flagging every use is noise.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Async functions that implement a Promise-returning port without awaiting are correct.
      '@typescript-eslint/require-await': 'off',
      // Flags every method read off an object (React props, window.biblio), nearly all of them
      // arrow functions or bound already.
      '@typescript-eslint/unbound-method': 'off',
      // Validation code rejects control characters on purpose, with regular expressions.
      'no-control-regex': 'off',
      // An AbortSignal's reason is typed `any`; rejecting with it is the platform convention.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true }],
      // `_name`: a parameter kept for its position in a signature.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `let x;` assigned once later but read by closures made before (checked for undefined).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Playwright reads a fixture's dependencies from its first parameter's destructuring:
    // `async ({}, use)` is how a fixture says it needs none.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
