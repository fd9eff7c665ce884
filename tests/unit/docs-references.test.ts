import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCES } from '../../scripts/docs-references';
import { documentedCodes } from '../../scripts/docs-references/errors';
import { CODE_DIRS, ErrorCode, PUBLIC_CODES } from '../../scripts/docs-references/sources';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Codes written into `extensions.code` or a refusal, as literals or through the registry. */
function codesInSources(): Map<string, string> {
  const byName = ErrorCode as Record<string, string>;
  const found = new Map<string, string>();
  for (const file of CODE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    const patterns = [
      /\bcode:\s*'([A-Z][A-Z_]+)'/g,
      /\brefuse\([^,]+,\s*\d+,\s*'([A-Z][A-Z_]+)'/g,
      /\bclientMistake\([^)]*?'([A-Z][A-Z_]+)'\s*,?\s*\)/gs,
    ];
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.set(match[1] as string, file);
    for (const match of text.matchAll(/\bErrorCode\.([A-Za-z]+)/g)) {
      const code = byName[match[1] as string];
      if (code) found.set(code, file);
    }
  }
  return found;
}

describe('generated references', () => {
  test.each(Object.keys(REFERENCES))(
    'when %s is compared with a fresh generation from the code, then it is the same (run npm run docs:references)',
    (file) => {
      const committed = readFileSync(join(ROOT, file), 'utf8');
      expect(committed).toBe((REFERENCES[file] as () => string)());
    },
  );

  test('when the gateway and the subgraphs write an error code, then the error reference documents it', () => {
    const documented = documentedCodes();
    const used = codesInSources();
    // The scan itself must see codes of each kind, or an empty scan would pass.
    expect(
      ['UNDECLARED_VARIABLE', 'CORS_ORIGIN_NOT_ALLOWED', 'COST_LIMIT_EXCEEDED', 'OPERATION_RESOLUTION_FAILURE'].filter(
        (code) => !used.has(code),
      ),
    ).toEqual([]);
    const missing = [...used].filter(([code]) => !documented.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  test('when a code may reach a client as it was written, then the error reference documents it', () => {
    const documented = documentedCodes();
    expect([...PUBLIC_CODES].filter((code) => !documented.has(code))).toEqual([]);
  });
});
