import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', '**/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      // A leading underscore marks a binding destructured only to leave it out of the rest.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { varsIgnorePattern: '^_', argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  // Typed rules: a promise nobody handles is how a rejection goes unhandled, or work runs out of order.
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test collects its tests itself; awaiting describe/test at module level would serialise nothing.
        { allowForKnownSafeCalls: [{ from: 'package', name: ['describe', 'test', 'it', 'suite'], package: 'node:test' }] },
      ],
      // React ignores what an event handler returns; the actions behind them (useAction) handle their own errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  // The widget is type-checked by its own tsconfig (browser globals only), which the project service does not find.
  {
    files: ['packages/connectors/src/widget/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['packages/connectors/tsconfig.widget.json'] } },
  },
);
