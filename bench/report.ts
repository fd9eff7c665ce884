import { cpus, loadavg, release, totalmem } from 'node:os';
import type { BenchmarkResult, ModeResult } from './benchmark';

export interface Machine {
  slug: string;
  description: string;
  loadBefore: number[];
}

export function describeMachine(): Machine {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cores = cpus().length;
  const slug = `${model
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}-${cores}c`;
  const description = `${model}, ${cores} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.version}`;
  return { slug, description, loadBefore: loadavg().map((n) => Number(n.toFixed(2))) };
}

const num = (value: number | null | undefined, digits = 0) => (value == null ? '-' : value.toFixed(digits));
const ratio = (ours: number | null | undefined, theirs: number | null | undefined) =>
  ours == null || theirs == null || theirs === 0 ? '-' : `${(ours / theirs).toFixed(2)}x`;

function modeSection(mode: ModeResult, database: string): string {
  const ours = mode.contenders.find((c) => c.name === 'buurtgraaf');
  const lines = [
    `### Subgraphs: ${mode.mode === 'database' ? database : 'cached responses (gateway cost only)'} — ${mode.neighbourhoods} neighbourhoods`,
    '',
    '| contender | profile req/s | p50 ms | p99 ms | invalid | bulk median ms | bulk MB | bulk peak RSS MiB | insights ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...mode.contenders.map(
      (c) =>
        `| ${c.label} | ${num(c.profile?.rps)} | ${num(c.profile?.p50)} | ${num(c.profile?.p99)} | ${c.profile?.invalid ?? '-'} | ${num(c.bulk?.medianMs)} | ${num(c.bulk ? c.bulk.bytes / 1e6 : null, 2)} | ${num(c.bulk?.peakRssMiB)} | ${num(c.insights?.medianMs)} |`,
    ),
    '',
    'Ratios, Buurtgraaf against each (req/s: higher is better; latency and memory: lower is better):',
    '',
    '| against | req/s | p99 | bulk median | bulk peak RSS |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...mode.contenders
      .filter((c) => c !== ours)
      .map(
        (c) =>
          `| ${c.label} | ${ratio(ours?.profile?.rps, c.profile?.rps)} | ${ratio(ours?.profile?.p99, c.profile?.p99)} | ${ratio(ours?.bulk?.medianMs, c.bulk?.medianMs)} | ${ratio(ours?.bulk?.peakRssMiB, c.bulk?.peakRssMiB)} |`,
      ),
    '',
    ...(mode.targets.length
      ? [
          '| target | met | measured |',
          '| --- | --- | --- |',
          ...mode.targets.map((t) => `| ${t.target} | ${t.met ? 'yes' : '**no**'} | ${t.detail} |`),
          '',
        ]
      : []),
  ];
  return lines.join('\n');
}

export function renderMarkdown(result: BenchmarkResult, machine: Machine, date: string): string {
  const o = result.options;
  return [
    `# Benchmark ${date} on ${machine.slug}`,
    '',
    `Machine: ${machine.description}. Load average before the run: ${machine.loadBefore.join(', ')}.`,
    '',
    `Settings: ${o.rounds} rounds in alternating order, medians of rounds; profile: ${o.connections} connections for ${o.durationS} s after ${o.warmupS} s warm-up, ` +
      `random neighbourhood per request; bulk: ${o.bulkRuns} whole-country Indicators requests after one warm-up, in a fresh process. ` +
      'Every contender runs as one Node process (one worker); every partner is one process. Only answers that pass the check count. ' +
      `Our gateway and the partners run ${result.runtime === 'dist' ? 'the built JavaScript (dist/), as deployed; the peers and the floor under tsx' : 'under tsx'}. ` +
      `Insights: ${o.workloads.includes('insights') ? `our gateway only, ${o.bulkRuns} whole-country MunicipalityInsights requests after one warm-up, after bulk in the same process` : 'not run'}.`,
    '',
    ...result.modes.map((mode) => modeSection(mode, o.data === 'national' ? 'PostgreSQL' : 'PGlite (Utrecht demo)')),
  ].join('\n');
}
