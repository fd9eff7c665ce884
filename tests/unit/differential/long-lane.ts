import { randomBytes } from 'node:crypto';
import { runDifferential } from './compare';
import { startExecutors } from './executors';
import { queryGenerator } from './generator';
import { minimise } from './minimise';

/**
 * npm run test:differential [-- --count 5000 --seed <seed>]: thousands of random queries against
 * both executors, a new seed each run unless one is given (printed, so a finding can be replayed).
 * Each difference is printed minimised; the exit status is 1 when there was any.
 */
async function main() {
  const option = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? process.argv[index + 1] : undefined;
  };
  const count = Number(option('count') ?? 5000);
  const seed = option('seed') ?? randomBytes(6).toString('hex');
  const shown = Number(option('show') ?? 5);
  process.stdout.write(`differential: ${count} queries, seed ${seed}\n`);
  const executors = await startExecutors();
  const started = performance.now();
  const tally = await runDifferential(executors, queryGenerator(executors.apiSchema, seed), count);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${tally.queries} queries in ${seconds} s: ${tally.answered} answered (${tally.withPartnerErrors} with partner errors), ${tally.refused} refused before execution, ${tally.differences.length} differences\n`,
  );
  const reasons = new Map<string, number>();
  for (const { reason } of tally.differences) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  for (const [reason, times] of reasons) process.stdout.write(`  ${times} x ${reason}\n`);
  // One example of each kind first, then more of the same.
  const examples = [...new Map(tally.differences.map((difference) => [difference.reason, difference])).values()];
  for (const difference of [
    ...examples,
    ...tally.differences.filter((difference) => !examples.includes(difference)),
  ].slice(0, shown)) {
    const small = await minimise(executors, difference);
    process.stdout.write(
      `\n--- ${difference.reason} with ${difference.scenario.name}\n${small.query}\nvariables: ${JSON.stringify(small.variables)}\n`,
    );
    executors.partners.setModes(difference.scenario.modes);
    const again = await executors.ask(small.query, small.variables);
    executors.partners.setModes({});
    process.stdout.write(
      `engine: ${JSON.stringify(again.engine).slice(0, 1500)}\nstock:  ${JSON.stringify(again.stock).slice(0, 1500)}\n`,
    );
  }
  await executors.stop();
  process.exit(tally.differences.length > 0 ? 1 : 0);
}

void main();
