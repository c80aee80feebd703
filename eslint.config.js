import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'schema/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      // One import statement per module (type-only imports may stand apart); prettier then puts
      // each name of a long import on its own line.
      'no-duplicate-imports': ['error', {allowSeparateTypeImports: true}],
    },
  },
  {
    // Fences: the SDK is reached only through src/aws, src/layers and src/audit/inventory.
    files: ['commands/**/*.ts', 'checks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {patterns: [{group: ['@aws-sdk/*'], message: 'No SDK calls in commands/ or checks/: go through src/.'}]},
      ],
    },
  },
)
