import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PARTNERS_FILE, readPartners, SUBGRAPHS } from '../../schema/subgraphs';
import { apiSchemaOf } from '../../schema/check/api-schema';
import { composeSources } from '../../schema/check/composition';
import { subgraphSources } from '../../schema/check/sources';
import { nextSteps } from '../../scripts/scaffold/next-steps';
import { registerPartner } from '../../scripts/scaffold/register';
import { scaffoldSubgraph } from '../../scripts/scaffold/scaffold';
import { memberIdProblem, subgraphNameProblem } from '../../scripts/scaffold/subgraph-name';

const ROOT = join(__dirname, '..', '..');

// A repository root of its own per run: new folders land in <root>/subgraphs, never in the real one.
// tests/schema/scaffolded-subgraph.test.ts starts what this writes.
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'scaffold-'));
  mkdirSync(join(root, 'subgraphs'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run subgraph:new: the name', () => {
  test.each([
    [
      'youth-care',
      '"youth-care" cannot be used: the name becomes the prefix of environment variables (YOUTH-CARE_PORT)',
    ],
    ['youth_care', 'Write it as one word, for example "youthcare".'],
    ['YouthCare', 'a subgraph name is lower-case letters and digits, starting with a letter'],
    ['2care', 'a subgraph name is lower-case letters and digits, starting with a letter'],
    ['kit', '"kit" is reserved: the subgraph kit (@buurtgraaf/subgraph-kit) goes by this name.'],
    ['gateway', '"gateway" is reserved: GATEWAY_* variables configure the gateway.'],
    ['care', '"care" is already a subgraph of the federation (schema/partners.json).'],
  ])('when it is %s, then it is refused with the reason', (name, reason) => {
    expect(
      subgraphNameProblem(
        name,
        SUBGRAPHS.flatMap((subgraph) => [subgraph.name, subgraph.kind]),
        root,
      ),
    ).toContain(reason);
  });

  test('when it is lower-case letters and digits and still free, then it is accepted', () => {
    expect(
      subgraphNameProblem(
        'ggd2',
        SUBGRAPHS.map((subgraph) => subgraph.name),
        root,
      ),
    ).toBeNull();
  });
});

describe('npm run subgraph:new, as a command', () => {
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/new-subgraph.ts', ...args], { cwd: ROOT }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

  test('when the name cannot be used, then it exits 1 with the reason and writes nothing', async () => {
    expect(await run('youth-care')).toEqual({
      code: 1,
      stderr: expect.stringContaining('Write it as one word, for example "youthcare".'),
    });
    expect(existsSync(join(ROOT, 'subgraphs', 'youth-care'))).toBe(false);
  });

  test('when no name is given, then it prints its usage and exits 2', async () => {
    expect(await run()).toEqual({
      code: 2,
      stderr: expect.stringContaining('Usage: npm run subgraph:new -- <id> --kind <kind> --name "<organisation>"'),
    });
  });
});

describe('npm run subgraph:new: the new folder', () => {
  const registered = SUBGRAPHS.map(({ name, port }) => ({ name, port }));
  let scaffolded: ReturnType<typeof scaffoldSubgraph>;
  beforeAll(() => {
    scaffolded = scaffoldSubgraph({ name: 'youthcare', root, registered });
  });
  const read = (file: string) => readFileSync(join(scaffolded.dir, file), 'utf8');

  test('when a partner scaffolds youthcare, then it gets the same small set of files as the other partners', () => {
    expect(scaffolded.dir).toBe(join(root, 'subgraphs', 'youthcare'));
    expect(scaffolded.files).toEqual([
      'context.ts',
      'main.ts',
      'migrations/0001_youthcare_registratie.sql',
      'migrations/0002_youthcare_figure.sql',
      'policy.json',
      'resolvers.ts',
      'schema.generated.ts',
      'schema.graphql',
      'seed.ts',
      'store.ts',
      'subgraph.ts',
    ]);
    expect(readdirSync(scaffolded.dir).sort()).toEqual([
      'context.ts',
      'main.ts',
      'migrations',
      'policy.json',
      'resolvers.ts',
      'schema.generated.ts',
      'schema.graphql',
      'seed.ts',
      'store.ts',
      'subgraph.ts',
    ]);
  });

  test('when the files are read, then the example is renamed everywhere and imports the kit by its package name', () => {
    const all = scaffolded.files.map(read).join('\n');
    expect(all).not.toMatch(/newpartner/i);
    expect(all).not.toMatch(/from '\.\.\//);
    expect(all).toContain("from '@buurtgraaf/subgraph-kit/");
    expect(read('subgraph.ts')).toContain(
      "export const youthcare: SubgraphDefinition<YouthcareContext, YouthcareSettings> = {\n  name: 'youthcare',",
    );
    // Its example counts people, so the disclosure rule is wired in from the start.
    expect(read('subgraph.ts')).toContain('YOUTHCARE_DISCLOSURE_THRESHOLD: z.coerce.number().int().min(1).default(10)');
    expect(read('resolvers.ts')).toContain('discloseCount(row.value, ctx.rule)');
    expect(read('schema.graphql')).toContain('youthcareFigure(year: Int!): YouthcareFigure');
    expect(read('main.ts')).toContain(`void runSubgraph(youthcare, ${scaffolded.port}, settings);`);
  });

  test('when the migration that maps the partner table is read, then it is a view from their columns to the contract', () => {
    expect(read('migrations/0002_youthcare_figure.sql')).toMatch(
      /create view youthcare_figure as\nselect buurtcode as area_code,\n\s+peiljaar as year,\n\s+aantal as value,/,
    );
  });

  test('when no port is given, then it takes the one above the highest registered port', () => {
    expect(scaffolded.port).toBe(Math.max(...SUBGRAPHS.map((subgraph) => subgraph.port)) + 1);
  });

  test('when the name is scaffolded again, or its folder already holds work, then it is refused and nothing is overwritten', () => {
    expect(() => scaffoldSubgraph({ name: 'youthcare', root, registered })).toThrow(
      'subgraphs/youthcare already exists; it is never overwritten.',
    );
    mkdirSync(join(root, 'subgraphs', 'ggdzuid'));
    writeFileSync(join(root, 'subgraphs', 'ggdzuid', 'store.ts'), '// our own work\n');
    expect(() => scaffoldSubgraph({ name: 'ggdzuid', root, registered })).toThrow('subgraphs/ggdzuid already exists');
    expect(readdirSync(join(root, 'subgraphs', 'ggdzuid'))).toEqual(['store.ts']);
    expect(readFileSync(join(root, 'subgraphs', 'ggdzuid', 'store.ts'), 'utf8')).toBe('// our own work\n');
  });

  test('when a port of another partner is asked for, then it is refused', () => {
    const taken = SUBGRAPHS[0]!;
    expect(() => scaffoldSubgraph({ name: 'ggd', port: taken.port, root, registered })).toThrow(
      `Port ${taken.port} is already the default port of ${taken.name}`,
    );
    expect(existsSync(join(root, 'subgraphs', 'ggd'))).toBe(false);
  });

  test('when its schema is composed with the other partners, then composition succeeds and every new field is described', () => {
    const composition = composeSources(
      subgraphSources({ name: 'youthcare', schemaFile: join(scaffolded.dir, 'schema.graphql') }),
    );
    if (!composition.ok) throw new Error(composition.problems.map((problem) => problem.message).join('\n'));
    const api = apiSchemaOf(composition.supergraphSdl);
    expect(api.getType('YouthcareFigure')?.description).toContain(
      'One figure youthcare publishes per neighbourhood and year.',
    );
    expect(api.getType('Neighbourhood')?.toConfig()).toMatchObject({
      fields: { youthcareFigure: { description: expect.stringContaining('youthcare figure') } },
    });
  });

  test("when the next steps are printed, then they go from registering to running, with this subgraph's names", () => {
    const text = nextSteps('youthcare', scaffolded);
    expect(text).toContain(
      `1. Registered in schema/partners.json as { "id": "youthcare", "kind": "youthcare", "port": ${scaffolded.port} }`,
    );
    expect(text).toContain('npm run schema:check -- youthcare subgraphs/youthcare/schema.graphql');
    expect(text).toContain('npm run compose');
    expect(text).toContain('YOUTHCARE_GATEWAY_SECRET_FILE=');
    expect(text).toContain('SUBGRAPH_YOUTHCARE_URL and SUBGRAPH_YOUTHCARE_SECRET_FILE');
  });
});

describe('registering a partner in schema/partners.json', () => {
  const copy = () => {
    const file = join(root, `partners-${Math.random().toString(36).slice(2)}.json`);
    copyFileSync(PARTNERS_FILE, file);
    return file;
  };

  test('when a third corporation joins, then the partners file lists it after the others and still reads', () => {
    const file = copy();
    registerPartner(file, {
      id: 'housing-bouwlust',
      kind: 'housing',
      name: 'Woonstichting Bouwlust',
      port: 4321,
      areas: ['WK034405'],
    });
    const partners = readPartners(file);
    expect(partners.at(-1)).toMatchObject({
      name: 'housing-bouwlust',
      kind: 'housing',
      displayName: 'Woonstichting Bouwlust',
      port: 4321,
      areas: ['WK034405'],
      envPrefix: 'HOUSING_BOUWLUST',
      partnerField: 'housing_bouwlust',
    });
    expect(partners.slice(0, -1).map((partner) => partner.name)).toEqual(SUBGRAPHS.map((partner) => partner.name));
  });

  test('when the entry breaks a rule (a taken port, an area code that is not one), then nothing is written and the reason is named', () => {
    const file = copy();
    const before = readFileSync(file, 'utf8');
    expect(() =>
      registerPartner(file, { id: 'housing-x', kind: 'housing', name: 'X', port: SUBGRAPHS[0]!.port }),
    ).toThrow(`port ${SUBGRAPHS[0]!.port} is used twice`);
    expect(() =>
      registerPartner(file, { id: 'housing-y', kind: 'housing', name: 'Y', port: 4400, areas: ['Utrecht'] }),
    ).toThrow('must be *, a municipality code (GM0344) or a district code (WK034401)');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('when another organisation of a kind is named, then its id must start with the kind and be free', () => {
    expect(memberIdProblem('housing-bouwlust', 'housing', SUBGRAPHS)).toBeNull();
    expect(memberIdProblem('bouwlust', 'housing', SUBGRAPHS)).toContain(
      'an organisation of kind housing is named housing-<name>',
    );
    expect(memberIdProblem('housing-domstad', 'housing', SUBGRAPHS)).toContain('is already a partner');
    expect(memberIdProblem('ggd-zuid', 'ggd', SUBGRAPHS)).toContain('There is no partner of kind "ggd" to join');
  });
});
