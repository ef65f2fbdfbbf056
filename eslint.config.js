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

/**
 * relay-service/src from the bottom up (relay-service/README.md): each folder or top-level file may import only from
 * earlier layers, never from a later one or from a sibling in its own layer. The data plane (everything below
 * cluster/) knows nothing of HTTP, and nothing in the relay depends on the provider.
 */
const relayLayers = [
  ['logger.ts', 'node-id.ts'],
  ['store'],
  ['audit', 'auth'],
  ['config', 'open-stores.ts'],
  ['policy', 'tls'],
  ['queue', 'stats'],
  ['smtp', 'delivery'],
  ['data-plane.ts', 'smtp-bind-override.ts'],
  ['cluster'],
  ['export'],
  ['import'],
  ['api'],
  ['main.ts'],
  ['cli.ts'],
];
const isFile = (name) => name.endsWith('.ts');

function relayLayerBoundaries() {
  const http = relayLayers.findIndex((layer) => layer.includes('cluster'));
  return relayLayers.flatMap((layer, index) => layer.map((name) => {
    const above = [...relayLayers.slice(index + 1).flat(), ...layer.filter((other) => other !== name)];
    const patterns = [
      ...(above.length > 0 ? [{ group: above.map((other) => (isFile(other) ? `**/${other}` : `**/${other}/**`)), message: `relay-service/src/${name} may import only from the layers below it (eslint.config.js relayLayers).` }] : []),
      { group: ['**/provider/**'], message: 'The relay does not depend on the provider.' },
      ...(index < http ? [{ group: ['express', 'express/**'], message: 'The data plane knows nothing of HTTP.' }] : []),
    ];
    return {
      files: [isFile(name) ? `relay-service/src/${name}` : `relay-service/src/${name}/**`],
      ignores: ['**/*.test.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    };
  }));
}

/**
 * relay-service/src/cli/ (the operator commands) is a pure client of the management API: it may import the shared
 * workspaces and its own files, nothing of the relay (cli.ts, the composition root, imports it).
 */
const operatorCliBoundary = boundary(['relay-service/src/cli/**'],
  [...relayLayers.flat().filter((name) => name !== 'cli.ts').map((name) => (isFile(name) ? `**/${name}` : `**/${name}/**`)), '**/cli.ts', '**/provider/**'],
  'The operator CLI (relay-service/src/cli/) talks to the relay only through its management API.');

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', '**/.relay-data/**', 'examples/cdktf/**/.gen/**', 'provider/cdktf/**'] },
  js.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  // The web console runs in the browser and talks to the relay only over HTTP (relay-service/console/src/api.ts).
  { files: ['relay-service/console/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['relay-service/console/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/src/**', '**/provider/**', 'node:*'], message: 'The web console is a browser client of the management API: it imports nothing of the relay or of Node.' },
        { regex: '^@relayform/(?!schema/api-wire-types\\.ts$)', message: 'Of the workspaces the web console takes only the API wire types (@relayform/schema/api-wire-types.ts: types, nothing that runs or lands in its bundle).' },
      ] }],
    },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  boundary(['provider/src/plugin/**'], ['**/framework/**', '**/resources/**', '**/data-sources/**', '**/ephemeral-resources/**', '**/client/**'],
    'plugin/ is the transport: it knows nothing of the framework or resources.'),
  boundary(['provider/src/protocol/**'], ['**/framework/**', '**/resources/**', '**/data-sources/**', '**/ephemeral-resources/**', '**/client/**'],
    'protocol/ knows nothing of resources or SMTP.'),
  boundary(['provider/src/framework/**'], ['**/resources/**', '**/data-sources/**', '**/ephemeral-resources/**', '**/client/**'],
    'framework/ knows nothing of individual resources.'),
  ...relayLayerBoundaries(),
  { ...operatorCliBoundary, ignores: ['**/*.test.ts'] },
  boundary(['provider/src/**'], ['**/relay-service/**'], 'The provider does not depend on the relay: the model they share is in schema/.'),
  boundary(['schema/src/**'], ['**/relay-service/**', '**/provider/**'],
    'schema/ is the model both the relay and the provider are built from: it depends on neither.'),
  boundary(['x509/src/**'], ['**/relay-service/**', '**/provider/**', '**/schema/**', '@relayform/*'],
    'x509/ is the certificate builder the relay, the provider and the tests share: it depends on none of them.'),
);
