// Lint setup for the whole repository: typescript-eslint recommended rules plus the layer boundaries of STYLE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Forbids imports that would make a lower layer depend on a higher one. */
function boundary(files, forbidden, message) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', '**/.relay-data/**', 'examples/cdktf/**/.gen/**', 'provider/cdktf/**'] },
  js.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  boundary(['provider/src/plugin/**'], ['**/framework/**', '**/resources/**', '**/data-sources/**', '**/client/**'],
    'plugin/ is the transport: it knows nothing of the framework or resources.'),
  boundary(['provider/src/protocol/**'], ['**/framework/**', '**/resources/**', '**/data-sources/**', '**/client/**'],
    'protocol/ knows nothing of resources or SMTP.'),
  boundary(['provider/src/framework/**'], ['**/resources/**', '**/data-sources/**', '**/client/**'],
    'framework/ knows nothing of individual resources.'),
  boundary(['relay-service/src/smtp/**', 'relay-service/src/queue/**', 'relay-service/src/delivery/**'], ['express', '**/api/**'],
    'The data plane knows nothing of HTTP.'),
  boundary(['relay-service/src/**'], ['**/provider/**'], 'The relay does not depend on the provider.'),
  boundary(['provider/src/**'], ['**/relay-service/**'], 'The provider does not depend on the relay: the model they share is in schema/.'),
  boundary(['schema/src/**'], ['**/relay-service/**', '**/provider/**'],
    'schema/ is the model both the relay and the provider are built from: it depends on neither.'),
);
