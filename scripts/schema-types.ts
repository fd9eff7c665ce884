import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_FILE, renderResolverTypes, resolverTypeFolders } from './resolver-types/render';

/**
 * `npm run schema:types` writes each partner's schema.generated.ts (the resolver map its schema
 * allows); `-- --check` only compares and exits 1 naming the stale files, as the tests do.
 */
const ROOT = join(__dirname, '..');
const check = process.argv.includes('--check');
const stale: string[] = [];
for (const { folder, label } of resolverTypeFolders(ROOT)) {
  if (!existsSync(join(folder, 'schema.graphql'))) continue;
  const file = join(folder, GENERATED_FILE);
  const fresh = renderResolverTypes(folder, label);
  if (existsSync(file) && readFileSync(file, 'utf8') === fresh) continue;
  if (check) stale.push(`${label}/${GENERATED_FILE}`);
  else writeFileSync(file, fresh), process.stdout.write(`wrote ${label}/${GENERATED_FILE}\n`);
}
if (stale.length > 0) {
  process.stderr.write(`Out of date with their schema.graphql: ${stale.join(', ')}. Run npm run schema:types.\n`);
  process.exit(1);
}
