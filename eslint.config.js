import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const browserOnly = [
  { group: ['node:*'], message: 'Browser code: Node built-ins belong in src/server (rtckit/server).' },
  { group: ['**/server', '**/server/**'], message: 'rtckit/server is Node-only; browser entries must not import it.' },
];

const withoutReact = [
  {
    group: ['react', 'react/**', 'react-dom', 'react-dom/**', '**/react/**'],
    message: 'src/core and src/server know nothing of React: hooks and components belong in src/react.',
  },
];

export default tseslint.config(
  { ignores: ['dist', 'storybook-static', 'coverage', 'node_modules', '!.storybook'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // Every react-hooks rule is an error, exhaustive-deps included.
      ...Object.fromEntries(Object.keys(reactHooks.configs['recommended-latest'].rules).map((rule) => [rule, 'error'])),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Everything in src but rtckit/server ships to browsers: no Node built-ins, no server code.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/server/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: browserOnly }] },
  },
  {
    // The engine and the server know nothing of React (a later block replaces the rule, so src/core
    // restates the browser patterns).
    files: ['src/core/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...browserOnly, ...withoutReact] }] },
  },
  {
    files: ['src/server/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: withoutReact }] },
  },
  {
    files: ['scripts/**', 'bench/**', 'examples/**', 'test/node/**', 'test/interop/**', '*.config.*', '.ci/**'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
);
