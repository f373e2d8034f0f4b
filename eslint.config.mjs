import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@claimtrail/*/src/*', '**/libs/*/src/*'],
              message: "Import a lib through its index ('@claimtrail/<lib>').",
            },
          ],
        },
      ],
    },
  },
  {
    // Issue 13: every regex must run in linear time over user or archive text (no ReDoS). Tests match their own output.
    files: ['**/*.ts'],
    ignores: ['test/**', 'bench/**', '**/*.spec.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': ['error', { ignoreSticky: false, report: 'certain' }],
    },
  },
  {
    // TODO(issue 11): the extraction engineers make these patterns linear; until then they warn instead of failing.
    files: ['libs/claim-extraction/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    plugins: { regexp },
    rules: { 'regexp/no-super-linear-backtracking': 'warn', 'regexp/no-super-linear-move': 'warn' },
  },
  {
    // The domain is plain TypeScript: no framework, SQL or Redis.
    files: ['libs/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'kysely',
                'pg',
                'bullmq',
                'ioredis',
                'undici',
                '@claimtrail/database',
                '@claimtrail/event-store',
              ],
              message: 'The domain stays free of frameworks and I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // Type-aware rules: promises handed where nothing awaits them, non-exhaustive switches,
    // assertions that change nothing, `async` with nothing to await. Dropping `async` turns a
    // rejected promise into a synchronous throw, so where a caller relies on rejection the
    // function returns Promise.resolve()/Promise.reject() explicitly.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: true, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      'require-await': 'off',
      '@typescript-eslint/require-await': 'error',
    },
  },
  {
    // `res.json() as X` is how a test says what it expects back.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
);
