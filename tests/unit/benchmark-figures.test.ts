import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The benchmark's headline (docs/benchmark.md) and its results table (bench/README.md) quote the
// latest committed run. A run committed without the docs following, or a figure edited by hand,
// is drift: the docs then promise what was not measured.

const ROOT = join(__dirname, '..', '..');
const RESULTS = join(ROOT, 'bench', 'results');

interface Contender {
  name: string;
  profile?: { rps: number; p99: number };
  bulk?: { medianMs: number; peakRssMiB: number | null };
  insights?: { medianMs: number };
}
interface Run {
  modes: { mode: 'database' | 'cached'; contenders: Contender[] }[];
}

const latest = readdirSync(RESULTS)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .at(-1)!
  .replace(/\.json$/, '');
const run = JSON.parse(readFileSync(join(RESULTS, `${latest}.json`), 'utf8')) as Run;
const ours = (mode: 'database' | 'cached') =>
  run.modes.find((entry) => entry.mode === mode)!.contenders.find((contender) => contender.name === 'buurtgraaf')!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('the benchmark figures in the docs', () => {
  test('when a run is committed, then docs/benchmark.md and bench/README.md name it as the latest', () => {
    expect(readFileSync(join(ROOT, 'docs', 'benchmark.md'), 'utf8')).toContain(`bench/results/${latest}.md`);
    expect(readFileSync(join(ROOT, 'bench', 'README.md'), 'utf8')).toContain(
      `The latest run is \`results/${latest}.md\``,
    );
  });

  test.each([
    ['database', 'Buurtgraaf, PostgreSQL partners'],
    ['cached', 'Buurtgraaf, cached partners'],
  ] as const)('when the headline gives our %s figures, then they are the run’s medians, rounded', (mode, row) => {
    const measured = ours(mode);
    const line = readFileSync(join(ROOT, 'docs', 'benchmark.md'), 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith(`| ${row} |`));
    expect(line).toBeDefined();
    const cells = line!.split('|').map((cell) => cell.trim());
    expect(cells[2]).toMatch(new RegExp(`^${Math.round(measured.profile!.rps)} \\(`));
    expect(cells[3]).toBe(seconds(measured.bulk!.medianMs));
    expect(cells[4]).toBe(`${Math.round(measured.bulk!.peakRssMiB!)} MiB`);
    expect(cells[5]).toBe(seconds(measured.insights!.medianMs));
  });
});
