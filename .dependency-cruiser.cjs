/**
 * The package graph of ../shared/ARCHITECTURE.md, enforced in `npm test`.
 * Paths are repository-relative; a violation fails the run with the rule's name.
 */
module.exports = {
  forbidden: [
    {
      name: 'shared-imports-nothing-of-ours',
      comment: 'shared/ holds contracts only; it must not depend on any other workspace.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(appliance|desktop|e2e)/' },
    },
    {
      name: 'appliance-not-desktop',
      severity: 'error',
      from: { path: '^appliance/' },
      to: { path: '^desktop/' },
    },
    {
      name: 'desktop-not-appliance',
      severity: 'error',
      from: { path: '^desktop/' },
      to: { path: '^appliance/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds rules only: no adapters, services, http or composition roots.',
      severity: 'error',
      from: { path: '^appliance/src/domain/' },
      to: { path: '^appliance/src/(adapters|services|http|main|pipeline|config)/' },
    },
    {
      name: 'ports-know-no-adapter',
      severity: 'error',
      from: { path: '^appliance/src/ports/' },
      to: { path: '^appliance/src/(adapters|services|http|main)/' },
    },
    {
      name: 'services-use-ports-not-adapters',
      severity: 'error',
      from: { path: '^appliance/src/services/' },
      to: { path: '^appliance/src/(adapters|http|main)/' },
    },
    {
      name: 'pipeline-uses-ports-not-adapters',
      comment: 'Stage processors get ports injected; the composition root picks the adapters.',
      severity: 'error',
      from: { path: '^appliance/src/pipeline/' },
      to: { path: '^appliance/src/(adapters|services|http|main)/' },
    },
    {
      name: 'domain-knows-no-port',
      comment: 'domain/ types are the vocabulary ports speak, not the other way round.',
      severity: 'error',
      from: { path: '^appliance/src/domain/' },
      to: { path: '^appliance/src/ports/' },
    },
    {
      name: 'adapters-not-pipeline',
      comment: 'Adapters implement ports; what a stage does and how the graph is shaped is not theirs.',
      severity: 'error',
      from: { path: '^appliance/src/adapters/' },
      to: { path: '^appliance/src/(pipeline|services|http)/' },
    },
    {
      name: 'http-not-adapters',
      comment: 'Routes and the tus handler see services and ports; main/ hands them the adapters.',
      severity: 'error',
      from: { path: '^appliance/src/http/' },
      to: { path: '^appliance/src/adapters/' },
    },
    {
      name: 'product-not-bench',
      comment: 'bench/ drives the product from outside (like e2e); no product code may depend on it.',
      severity: 'error',
      from: { path: '^(shared|appliance|desktop)/' },
      to: { path: '^bench/' },
    },
    {
      name: 'desktop-core-no-shell',
      comment: 'The core is shared by Electron, the browser host and the CLI; it knows none of them.',
      severity: 'error',
      from: { path: '^desktop/src/core/' },
      to: { path: '^desktop/src/(main|preload|host|cli|renderer)/' },
    },
    {
      name: 'only-main-composes',
      comment: 'Nothing imports the composition roots.',
      severity: 'error',
      from: { path: '^appliance/src/', pathNot: '^appliance/src/main/' },
      to: { path: '^appliance/src/main/' },
    },
    {
      name: 'renderer-no-node-or-electron',
      comment: 'The renderer runs sandboxed: it talks to window.biblio only.',
      severity: 'error',
      from: { path: '^desktop/src/renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-electron',
      severity: 'error',
      from: { path: '^desktop/src/renderer/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'renderer-only-shared',
      severity: 'error',
      from: { path: '^desktop/src/renderer/' },
      to: { path: '^desktop/src/(core|main|preload|host|cli)/' },
    },
    {
      name: 'core-no-electron',
      comment: 'desktop core is plain Node so the CLI and the host can run it.',
      severity: 'error',
      from: { path: '^desktop/src/core/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(shared|appliance|desktop)/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
