// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * The server's layers, each with the layers it may import; everything else
 * in src/ is above it and out of bounds (docs/architecture.md draws it).
 * Bottom to top: policy, domain, store, integrations and scheduler,
 * insights, app, simulation, demo, http, cli. `config` is src/config.ts.
 */
const belowApp = ['config', 'insights', 'scheduler', 'integrations', 'store', 'domain', 'policy']
const serverLayers = {
  policy: [],
  domain: ['policy'],
  store: ['domain', 'policy'],
  // Claim-with-lease runners over store rows; the app hands them what to fire.
  scheduler: ['store', 'domain', 'policy'],
  integrations: ['store', 'domain', 'policy'],
  // Read models the app writes in its transactions and reads for its rules.
  insights: ['integrations', 'store', 'domain', 'policy'],
  app: belowApp,
  // Drives the app (AppEngine) or the deciders alone (PureEngine).
  simulation: ['app', ...belowApp],
  // Seeds its claims through the simulation's driver and people.
  demo: ['simulation', 'app', ...belowApp],
  // Serves the demo users in demo mode and runs what-if simulations.
  http: ['demo', 'simulation', 'app', ...belowApp],
}
/**
 * Tests and the domain's test helpers (the spec and the walk harness) may
 * import the test runner and fast-check, and tests may reach up to build a
 * world (an insights spec plays histories through the simulation's engine):
 * the boundaries protect production code.
 */
/** The integrations' adapters, which only the composition root may name. */
const integrationAdapters = [
  'ApertiumTranslator',
  'LibreTranslateTranslator',
  'translatorFromEnv',
  'chooseTranslator',
  'smtpMailer',
  'fileMailer',
  'mailerFromEnv',
  'MarketplaceLabelProvider',
  'MarketplaceAddressBook',
]
const testCode = ['**/*.test.ts', 'src/domain/shared/spec.ts', 'src/domain/shared/walk.ts']
const everyLayer = [...Object.keys(serverLayers), 'cli', 'config']

/** Import patterns a layer may not use: relative paths into any layer it is not allowed. */
const layerPatterns = (layer, allowed) => {
  const forbidden = everyLayer.filter((l) => l !== layer && !allowed.includes(l))
  const may = allowed.length
    ? `only ${allowed.map((l) => `src/${l}`).join(', ')}`
    : 'nothing else in src'
  const patterns = [
    {
      regex: `^(\\.\\./)+(${forbidden.join('|')})(/|\\.ts$)`,
      message: `src/${layer} may import ${may}: layers point down (docs/architecture.md).`,
    },
  ]
  if (layer === 'domain') {
    patterns.push({
      regex: '^(?!\\.|.*src/(domain|policy)/)',
      message: 'src/domain may import only src/domain and src/policy (no I/O, no libraries).',
    })
  }
  return patterns
}

/**
 * What each web feature offers the others. A feature imports web/src/{api,
 * lib, components, auth} and its own folder; another feature's file only
 * when it is listed here, so sharing is a decision a reviewer sees. The app
 * shell (web/src/app) imports features, never the other way round.
 */
const featureExports = {
  admin: ['admin.css'],
  cases: [
    'case-facts.ts',
    'case-outcome.tsx',
    'case-panel.ts',
    'case-timeline.tsx',
    'claim.tsx',
    'evidence-list.tsx',
    'evidence-uploader.tsx',
    'order-cases-panel.tsx',
  ],
  conversations: ['agent-conversation.tsx', 'conversation-thread.tsx'],
  orders: ['cancellation-summary.tsx', 'order-facts.ts'],
  record: ['appeal-facts.ts'],
  returns: ['money-card.tsx', 'parcel-shipping.tsx', 'return-card.tsx', 'return-facts.ts'],
  seller: ['seller-order-actions.tsx'],
}
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const offered = Object.entries(featureExports)
  .flatMap(([feature, files]) => files.map((f) => escape(`${feature}/${f}`)))
  .join('|')

const webZones = [
  {
    // Wire schemas and vocabularies are declared once, on the server; the web
    // takes their types, and its bundle carries no server code.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/',
              allowTypeImports: true,
              message: 'The web imports only types from the server (import type).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^\\.\\./(?!(${offered})$)[^./]`,
              message:
                'A feature imports another feature only through what it offers (featureExports in eslint.config.js); move shared code to web/src/{components,lib,api} or list it there.',
            },
            {
              regex: '^\\.\\./\\.\\./app/',
              message: 'The app shell imports features, not the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/{lib,components,auth}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./features/', message: 'Shared web code does not import features.' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(features|app|components|lib)/',
              message:
                "web/src/api is the bottom of the web app: it imports the server's types and web/src/auth/session.ts, nothing of the web above it.",
            },
          ],
        },
      ],
    },
  },
]

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
    // The domain is pure: time, ids and I/O come in through commands, so
    // deciders stay deterministic and testable. (What it may import is in
    // serverLayers below.)
    files: ['src/domain/**/*.ts'],
    ignores: testCode,
    rules: {
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
  ...Object.entries(serverLayers).map(([layer, allowed]) => ({
    files: [`src/${layer}/**/*.ts`],
    ignores: testCode,
    rules: { 'no-restricted-imports': ['error', { patterns: layerPatterns(layer, allowed) }] },
  })),
  {
    // Integrations behind ports: the app codes against Translator, Mailer,
    // LabelProvider and AddressBook; which adapter serves them is chosen once,
    // in the composition root (src/app/recourse.ts, and the CLI above it).
    files: ['src/app/**/*.ts'],
    ignores: [...testCode, 'src/app/recourse.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...layerPatterns('app', serverLayers.app),
            {
              regex: '^(\\.\\./)+integrations/',
              importNames: integrationAdapters,
              message:
                'Adapters are chosen in src/app/recourse.ts (the composition root); the app uses the port.',
            },
          ],
        },
      ],
    },
  },
  ...webZones,
)
