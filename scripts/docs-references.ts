import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderConfiguration } from './docs-references/configuration';
import { renderErrors } from './docs-references/errors';

/**
 * `npm run docs:references` writes the configuration and error references from the code;
 * `-- --check` only compares, so CI (and tests/unit/docs-references.test.ts) catch a stale file.
 */
const ROOT = join(__dirname, '..');
export const REFERENCES: Record<string, () => string> = {
  'docs/reference/configuration.md': renderConfiguration,
  'docs/reference/errors.md': renderErrors,
};

function main() {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [file, render] of Object.entries(REFERENCES)) {
    const path = join(ROOT, file);
    const fresh = render();
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        // A missing file is as stale as a changed one.
      }
      if (current !== fresh) stale.push(file);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, fresh);
      process.stdout.write(`Wrote ${file}\n`);
    }
  }
  if (stale.length > 0) {
    process.stderr.write(`Out of date: ${stale.join(', ')}. Run \`npm run docs:references\` and commit the result.\n`);
    process.exit(1);
  }
  if (check) process.stdout.write('The references match the code.\n');
}

if (require.main === module) main();
