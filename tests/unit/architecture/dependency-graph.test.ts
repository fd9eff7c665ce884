import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

/**
 * The house rules of the repository's layout (docs/architecture.md draws them): the named packages
 * form a graph without cycles, the gateway depends on platform and protocol only, and nothing but
 * the gateway itself (and its tests and benchmark) reaches into gateway/.
 */
const ROOT = join(__dirname, '..', '..', '..');
const FOLDERS = ['packages', 'gateway', 'subgraphs', 'schema', 'scripts', 'web', 'bench', 'tests'];
const SKIP = new Set(['node_modules', 'dist', '.data', '.git']);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = `${dir}/${entry.name}`;
    return entry.isDirectory() ? sources(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file imports: relative imports as repository paths (./x), packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(?\s*|require\(\s*)'([^']+)'/g)].map(([, spec = '']) =>
    spec.startsWith('.') ? `./${relative(ROOT, resolve(dirname(join(ROOT, file)), spec))}` : spec,
  );
}

/** Where a file or import belongs: one of our packages (by name), a top-level folder, or outside. */
function ownerOf(path: string): string {
  // The subgraph kit's template is a partner's folder in waiting: it belongs with the subgraphs.
  if (/^(?:\.\/)?packages\/subgraph-kit\/template\//.test(path)) return 'subgraphs';
  const ours = /^(?:\.\/)?packages\/([^/]+)\//.exec(path) ?? /^@buurtgraaf\/([^/]+)/.exec(path);
  if (ours) return `@buurtgraaf/${ours[1]}`;
  if (path.startsWith('./')) return path.split('/')[1] ?? '';
  return /^[a-z]+\//.test(path) && FOLDERS.includes(path.split('/')[0] ?? '') ? (path.split('/')[0] ?? '') : 'external';
}

const edges = FOLDERS.flatMap((folder) => sources(folder))
  .flatMap((file) => importsOf(file).map((target) => ({ file, from: ownerOf(file), to: ownerOf(target), target })))
  .filter(({ from, to }) => to !== 'external' && from !== to);

describe('the packages and apps depend on each other as docs/architecture.md draws it', () => {
  test('when the named packages import each other, then the graph has no cycle', () => {
    const graph = new Map<string, Set<string>>();
    for (const { from, to } of edges)
      if (from.startsWith('@buurtgraaf/')) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) return void cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
    // A package never reaches into an app folder: it must build on its own, as if published.
    expect(
      [...graph.values()].flatMap((targets) => [...targets]).filter((to) => !to.startsWith('@buurtgraaf/')),
    ).toEqual([]);
  });

  test("when the gateway imports, then it is the platform, the protocol and the schema folder only, never a partner's code", () => {
    const used = new Set(edges.filter(({ from }) => from === 'gateway').map(({ to }) => to));
    expect([...used].sort()).toEqual(['@buurtgraaf/platform', '@buurtgraaf/protocol', 'schema']);
  });

  test('when a file outside the gateway imports, then it never imports the gateway (its tests, benchmark and reference generator aside)', () => {
    // The configuration reference is generated from the gateway's own environment schema, so the
    // generator reads it, as the gateway's tests do; nothing that runs in production may.
    const examines = (file: string) =>
      file.startsWith('tests/') || file.startsWith('bench/') || file.startsWith('scripts/docs-references/');
    const reaching = edges
      .filter(({ file, to }) => to === 'gateway' && !examines(file))
      .map(({ file, target }) => `${file} -> ${target}`);
    expect(reaching).toEqual([]);
  });

  test("when a partner subgraph imports, then it is the packages, the schema folder and its own folder, never another partner's folder", () => {
    const crossing = FOLDERS.includes('subgraphs')
      ? sources('subgraphs').flatMap((file) =>
          importsOf(file)
            .filter((target) => target.startsWith('./subgraphs/') && target.split('/')[2] !== file.split('/')[1])
            .map((target) => `${file} -> ${target}`),
        )
      : [];
    expect(crossing).toEqual([]);
  });

  test('when a package imports another module, then its package.json declares it, as a published package must', () => {
    const undeclared = readdirSync(join(ROOT, 'packages')).flatMap((name) => {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', name, 'package.json'), 'utf8')) as {
        dependencies?: object;
        peerDependencies?: object;
      };
      const declared = new Set([
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ]);
      return sources(`packages/${name}/src`).flatMap((file) =>
        importsOf(file)
          .filter((spec) => !spec.startsWith('./') && !spec.startsWith('node:'))
          .map((spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2) : spec.split('/').slice(0, 1)).join('/'))
          .filter((module) => !declared.has(module))
          .map((module) => `${file} -> ${module}`),
      );
    });
    expect(undeclared).toEqual([]);
  });
});
