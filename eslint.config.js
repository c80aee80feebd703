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
  {
    // Fences: src/aws is the AWS access layer; the evidence bundle and the report renderers sit
    // above it, so aws/ must never import them (shared helpers live in src/files or src/errors).
    files: ['src/aws/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {group: ['../evidence/*', '../report/*'], message: 'src/aws must not depend on evidence/ or report/.'},
          ],
        },
      ],
    },
  },
)
