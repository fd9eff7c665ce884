import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Builds the neighbourhood page into web/dist: one bundle (React, Chart.js and the page) made
 * from the installed packages, so the browser loads nothing from the internet. The trusted
 * documents' ids are put in from schema/trusted-documents.json; their texts are not shipped.
 * `npm start` and the browser test run it; `npm run web:build` alone.
 */
export const WEB_DIR = __dirname;
export const DIST_DIR = join(__dirname, 'dist');
const PAGE_DOCUMENTS = ['NeighbourhoodSearch', 'Buurtprofiel', 'VacantBuildingAdvice'];

export async function buildWeb(outDir = DIST_DIR): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'schema', 'trusted-documents.json'), 'utf8')) as {
    operations: { id: string; name: string }[];
  };
  const ids = Object.fromEntries(
    PAGE_DOCUMENTS.map((name) => {
      const operation = manifest.operations.find((o) => o.name === name);
      if (!operation) throw new Error(`schema/trusted-documents.json has no ${name}: run npm run documents`);
      return [name, operation.id];
    }),
  );
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(__dirname, 'src', 'main.tsx')],
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    outfile: join(outDir, 'app.js'),
    jsx: 'automatic',
    define: { __DOCUMENT_IDS__: JSON.stringify(ids), 'process.env.NODE_ENV': '"production"' },
    tsconfig: join(__dirname, 'tsconfig.json'),
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) copyFileSync(join(__dirname, file), join(outDir, file));
  return outDir;
}

if (require.main === module) {
  buildWeb().then(
    (dir) => process.stdout.write(`Built the neighbourhood page in ${dir}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
