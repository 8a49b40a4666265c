// `npm run lint` (with clang-format over native/): eslint's and
// typescript-eslint's recommended rules over the TypeScript and JavaScript of
// lib/, test/, scripts/, bench/ and examples/.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'build*/**', 'node_modules/**', 'prebuilds/**', 'bench/peers/**', '.arm64/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.mocha } },
  },
  {
    // CommonJS by necessity (mocha loads its reporter with require).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
