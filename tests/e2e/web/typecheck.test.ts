import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The page (web/src, DOM and JSX) and its build and server scripts have tsconfigs of their own,
// outside the project's `tsc -p .`; npm test checks them here, strict as the rest.
const ROOT = join(__dirname, '..', '..', '..');
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

test.each([['web/tsconfig.json'], ['web/tsconfig.node.json']])(
  'when %s is type-checked, then it has no errors',
  (project) => {
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '-p', join(ROOT, project)], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  },
  120_000,
);
