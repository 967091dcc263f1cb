// Architecture rules for src/ (issue 7): data flows one way through the layers
//   evtx -> exported -> events -> rules -> hunt -> output -> cli
// (exported reads XML and JSON exports into the EVTX reader's records: a reader beside evtx, which only
// the run (hunt) and the cli use; normalization and the rules never see where a record came from.)
// and a module may import only from its own layer or from layers to its left.
//
// Parsing uses swc, not tsc: the project compiles with TypeScript 7 (native), whose npm package has no
// JavaScript compiler API, and dependency-cruiser's tsc parser only supports TypeScript < 7. swc parses
// the sources as written (it does not transpile first), so type-only imports (`import type`,
// `import { type X }`, `export type ... from`) are dependencies like any other and take part in the
// cycle and layer rules. Inline `import('...')` types are not seen; a test forbids them in src/.
// test/architecture/dependencyRules.test.ts plants each kind of violation in a scratch tree and checks
// that this configuration reports it.

/** The layers, left to right. */
const LAYERS = ['evtx', 'exported', 'events', 'rules', 'hunt', 'output', 'cli'];

/** One rule per layer: nothing in it may import a layer to its right. */
const upwardImportRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `no-upward-import-from-${layer}`,
  comment: `src/${layer} may import only from src/{${LAYERS.slice(0, index + 1).join(',')}}: data flows one way.`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(index + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'No import cycles in src/, counting type-only imports.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upwardImportRules,
    {
      name: 'no-import-of-exported-below-hunt',
      comment: 'Only the run (src/hunt) and the cli choose a reader; events, rules and output take any record alike.',
      severity: 'error',
      from: { path: '^src/(events|rules|output)/' },
      to: { path: '^src/exported/' },
    },
    {
      name: 'no-src-import-of-cli',
      comment: 'src/cli is the entry point; nothing under src/ (outside src/cli) depends on it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-src-import-of-dev-code',
      comment: 'Shipped code never imports development-only code (dev/, test/, scripts/, bench/).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(dev|test|scripts|bench)/' },
    },
    {
      name: 'no-src-outside-layers',
      comment: 'A module under src/ outside the layer folders could pass imports between layers unchecked.',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${LAYERS.join('|')})/` },
      to: {},
    },
    {
      name: 'no-unresolvable-import',
      comment: 'An import the checker cannot resolve is a dependency it cannot judge.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
