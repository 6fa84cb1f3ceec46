// Boundaries in code (issue 7, point 5): run by `npm test` (scripts/test.mjs) and by `npm run depcruise`.
// Paths are relative to the repository root. Test files may reach the test harness in src/server/testing.ts.
const TEST_FILE = '(\\.test\\.ts|/test-fixtures\\.ts|/test-helpers\\.ts)$';
const TEST_HARNESS = '^src/server/testing\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-through-index',
      comment:
        "A module imports another module only through that module's index.ts (its public face). " +
        'src/modules/module.ts (the kit) and src/modules/index.ts (the module list) are not modules.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/([^/]+)/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$', '^src/modules/[^/]+/test-fixtures\\.ts$'],
      },
    },
    {
      name: 'module-not-server',
      comment:
        'Modules never import the composition root (src/server); tests may use its harness src/server/testing.ts.',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: TEST_FILE },
      to: { path: '^src/server/' },
    },
    {
      name: 'module-test-only-harness',
      comment: "A module's tests may use src/server/testing.ts, nothing else from src/server.",
      severity: 'error',
      from: { path: '^src/modules/.*' + TEST_FILE },
      to: { path: '^src/server/', pathNot: TEST_HARNESS },
    },
    {
      name: 'module-not-module-list',
      comment: "A module does not import the module list (src/modules/index.ts): that is the composition root's.",
      severity: 'error',
      from: { path: '^src/modules/[^/]+/', pathNot: TEST_FILE },
      to: { path: '^src/modules/index\\.ts$' },
    },
    {
      name: 'kernel-no-domain',
      comment:
        'The kernel knows no domain: it imports nothing from src/modules or src/server (tests: the harness only).',
      severity: 'error',
      from: { path: '^src/kernel/', pathNot: TEST_FILE },
      to: { path: '^src/(modules|server|cli)/' },
    },
    {
      name: 'kernel-test-only-harness',
      comment: 'Kernel tests may use src/server/testing.ts (which builds the app) and nothing else outside the kernel.',
      severity: 'error',
      from: { path: '^src/kernel/.*' + TEST_FILE },
      to: { path: '^src/(modules|server|cli)/', pathNot: TEST_HARNESS },
    },
    {
      name: 'web-not-src',
      comment: 'The web UI talks to the server over HTTP only (types come from the generated web/src/api/schema.d.ts).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles, type-only imports included: a type cycle is still two files that cannot be read apart.',
      severity: 'error',
      from: { pathNot: '^web/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-web',
      comment:
        'In web/, no cycle of runtime imports. Type-only cycles are allowed there for one reason: the message-key ' +
        "type (MsgKey in web/src/shell/i18n.ts) is the union of every module's messages, so a mistyped key fails " +
        "to compile, and the modules' pages use it. Erased at build, they cannot change load order.",
      severity: 'error',
      from: { path: '^web/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data|web/dist|bench/cache)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
};
