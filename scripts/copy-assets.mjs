// `npm run build`, second step: tsc compiles the TypeScript to dist/, and this copies what the
// compiled code reads next to itself (schemas, migrations, policies, the supergraph, datasets, the
// explorer's script, the page's sources for its bundler) into the same places under dist/.
// Plain JavaScript, so the build needs nothing but Node and tsc.
import { copyFileSync, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const APPS = ['gateway', 'subgraphs', 'schema', 'scripts', 'web'];
// Compiled by tsc, or of no use at run time.
const SKIP = (path) =>
  (/\.(ts|md)$/.test(path) && !path.startsWith('web/src/')) ||
  path.startsWith('web/dist') ||
  path.includes('/examples/');

function copyTree(dir) {
  for (const entry of readdirSync(join(ROOT, dir))) {
    const path = `${dir}/${entry}`;
    if (statSync(join(ROOT, path)).isDirectory()) copyTree(path);
    else if (!SKIP(path)) copyFile(path);
  }
}

/**
 * Copies the file a path points to: schema/shared/area.graphql is a link to the protocol package's
 * contract. Not cpSync with `dereference`: on Node 26 it refuses to overwrite the copy a previous
 * build left ("Cannot overwrite non-directory ... with directory"), so a second build failed.
 */
function copyFile(path) {
  const target = join(ROOT, 'dist', path);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(realpathSync(join(ROOT, path)), target);
}
for (const app of APPS) copyTree(app);
process.stdout.write(
  `Copied the run-time files of ${APPS.join(', ')} into ${relative(process.cwd(), join(ROOT, 'dist')) || 'dist'}/.\n`,
);
