// Lint: typescript-eslint's type-aware rules that catch real bugs (floating
// promises, unsafe any, unused code), over every TypeScript folder. Layout is
// Prettier's job (.prettierrc.json), so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // vite.config.ts is outside every tsconfig (renderer/tsconfig.json excludes it: it runs under Node, not the DOM).
        projectService: { allowDefaultProject: ['renderer/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Jobs, CLI commands, API handlers and model specs implement async interfaces; an implementation with
      // nothing to await stays `async` so that a throw in it reaches the caller as a rejection, like the others'.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      // The renderer's hooks (useApi, useApp, useTheme, useApiContext, useResource) return plain objects of arrow
      // functions and setters that never use `this`; destructuring them is the intended use.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
