import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

// The build's second step (scripts/copy-assets.mjs) under the Node that runs the tests: CI runs
// this lane on Node 20 and on the current LTS. On Node 26 a second build failed on the copy the
// first had left of a linked file (schema/shared/area.graphql).
describe("the build's copy of the run-time files", () => {
  test('when it runs twice, then both runs succeed and the linked contract arrives as the file it points to', async () => {
    for (let i = 0; i < 2; i += 1)
      await run(process.execPath, [join(ROOT, 'scripts', 'copy-assets.mjs')], { cwd: ROOT });
    expect(readFileSync(join(ROOT, 'dist', 'schema', 'shared', 'area.graphql'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'packages', 'protocol', 'area.graphql'), 'utf8'),
    );
  });
});
