import { join, resolve } from 'node:path';
import { PARTNERS_FILE } from '../schema/subgraphs';
import { compareDeploy, renderDeploy, writeDeploy } from './deploy/render';

/**
 * `npm run deploy:render`: writes docker/compose.yaml, docker/k8s/base/** and the example
 * overlay's kustomization from schema/partners.json, so that a partner joins the deployment by
 * its entry in that file. `-- --check` changes nothing and fails when the committed files differ
 * from a fresh render. `--partners <file>` and `--out <docker folder>` render another list elsewhere.
 */
const USAGE = 'usage: npm run deploy:render -- [--check] [--partners <partners.json>] [--out <docker folder>]';

function parseArgs(args: string[]) {
  const options = { check: false, partners: PARTNERS_FILE, out: join(__dirname, '..', 'docker') };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const value = () => {
      const next = args[++index];
      if (!next) throw new Error(`${arg} needs a value\n${USAGE}`);
      return resolve(next);
    };
    if (arg === '--check') options.check = true;
    else if (arg === '--partners') options.partners = value();
    else if (arg === '--out') options.out = value();
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const rendered = renderDeploy(options.partners);
  if (options.check) {
    const differences = compareDeploy(options.out, rendered);
    if (differences.length === 0) {
      process.stdout.write(`${options.out}: the deploy files match ${options.partners}.\n`);
      return;
    }
    const lines = differences.map(({ path, problem }) => `  ${problem.padEnd(8)} ${path}`).join('\n');
    process.stderr.write(
      `${options.out} does not match ${options.partners}:\n${lines}\nRun npm run deploy:render and commit the result.\n`,
    );
    process.exitCode = 1;
    return;
  }
  const differences = writeDeploy(options.out, rendered);
  const summary =
    differences.length === 0
      ? 'nothing changed'
      : differences.map(({ path, problem }) => `${problem === 'stale' ? 'removed' : 'wrote'} ${path}`).join('\n  ');
  process.stdout.write(`${options.out}, from ${options.partners}:\n  ${summary}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
