// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'web/dist',
      'data',
      'drizzle',
      'artifacts',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The domain is pure: it may import only itself and the policy. Time, ids and
    // I/O come in through commands, so deciders stay deterministic and testable.
    files: ['src/domain/**/*.ts'],
    // Tests and the spec helper may import the test runner; the boundary protects production code.
    ignores: ['**/*.test.ts', 'src/domain/shared/spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.|.*src/(domain|policy)/)',
              message:
                'src/domain may import only src/domain and src/policy (no I/O, no libraries).',
            },
            {
              group: [
                '**/app/**',
                '**/store/**',
                '**/http/**',
                '**/integrations/**',
                '**/scheduler/**',
                '**/insights/**',
                '**/cli/**',
              ],
              message: 'src/domain must stay pure.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'Time is an input: use meta.now.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Randomness is an input.' },
      ],
    },
  },
)
