import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkSchema } from '../../schema/check/check';
import { composeSources } from '../../schema/check/composition';
import { formatReport } from '../../schema/check/report';
import { subgraphSources } from '../../schema/check/sources';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** `npm run schema:check -- ...args` as a user runs it: exit code and both outputs. */
const schemaCheck = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/schema-check.ts', ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );

// A small federation of its own, so these cases keep their meaning whatever the real partners
// change: one partner owns the entry point, the other adds stock figures to neighbourhoods.
// Described throughout, as the federation requires of every partner.
const AREAS =
  '"Entry points." type Query { "One neighbourhood." neighbourhood("Its code." code: ID!): Neighbourhood }\nextend type Neighbourhood { "Its name." name: String! }\n';
const STOCK = `extend type Neighbourhood {
  "Stock in a year." stock(year: Int!, kind: StockKind): Stock
  "Stock every year." stockHistory: [Stock!]
}
"Dwellings of a kind." type Stock {
  "Year." year: Int!
  "Kind." kind: StockKind!
  "Dwellings." dwellings: Int!
  "Vacant." vacant: Int!
  "Waiting." waitingMonths: Float
}
"Kinds of stock." enum StockKind { "Social." SOCIAL "Middle." MIDDLE "Free." FREE }
`;
const PROFILE =
  'query StockProfile {\n  neighbourhood(code: "BU03440111") { name stock(year: 2023) { dwellings vacant waitingMonths } }\n}\n';
const KINDS = 'query StockKinds { neighbourhood(code: "BU03440111") { stock(year: 2023, kind: MIDDLE) { kind } } }\n';

let dir: string;
let candidates = 0;
const subgraphs = () =>
  ['areas', 'stock'].map((name) => ({ name, url: `http://${name}/graphql`, schemaFile: join(dir, `${name}.graphql`) }));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
  writeFileSync(join(dir, 'areas.graphql'), AREAS);
  writeFileSync(join(dir, 'stock.graphql'), STOCK);
  const today = composeSources(subgraphSources(undefined, subgraphs()));
  if (!today.ok) throw new Error(JSON.stringify(today.problems));
  writeFileSync(join(dir, 'supergraph.graphql'), today.supergraphSdl);
  mkdirSync(join(dir, 'documents'));
  writeFileSync(join(dir, 'documents', 'stock-profile.graphql'), PROFILE);
  const operations = [
    { id: 'a1b2c3d4e5f6a7b8', name: 'StockProfile', body: PROFILE },
    { id: 'f0e1d2c3b4a59687', name: 'StockKinds', body: KINDS },
  ];
  writeFileSync(
    join(dir, 'trusted-documents.json'),
    JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report a partner reads for this candidate schema of the stock partner (or a new one). */
function check(schema: string, name = 'stock') {
  candidates += 1;
  const schemaFile = join(dir, `candidate-${candidates}.graphql`);
  writeFileSync(schemaFile, schema);
  const result = checkSchema({
    candidate: { name, schemaFile },
    subgraphs: subgraphs(),
    supergraphFile: join(dir, 'supergraph.graphql'),
    documentsDir: join(dir, 'documents'),
    manifestFile: join(dir, 'trusted-documents.json'),
  });
  return { safe: result.safe, report: formatReport(result) };
}

describe('npm run schema:check on the current tree (what CI runs)', () => {
  test('when every subgraph schema in the tree is checked against the committed supergraph, then it is safe', () => {
    const result = checkSchema();
    expect(formatReport(result)).toContain(
      'Safe: it composes, breaks no client, keeps every trusted document valid and describes everything.',
    );
    expect(result.safe).toBe(true);
  });

  test('when the command runs without arguments, then it prints the report and exits 0', async () => {
    const { code, stdout } = await schemaCheck();
    expect(stdout).toContain('Schema check of every subgraph schema in the tree');
    expect(stdout).toMatch(/Trusted documents: (\d+) of \1 still valid/);
    expect(code).toBe(0);
  });

  test('when a joining partner redefines a field another partner owns, then the command exits 1 with the composition error', async () => {
    writeFileSync(join(dir, 'joining.graphql'), 'extend type Neighbourhood {\n  "Ours."\n  name: Int\n}\n');
    const { code, stdout } = await schemaCheck('youthcare', join(dir, 'joining.graphql'));
    expect(stdout).toMatch(/youthcare, a new subgraph[\s\S]*Composition: FAILED[\s\S]*Neighbourhood\.name/);
    expect(code).toBe(1);
  });

  test('when only a subgraph name is given, then the command explains its usage and exits 2', async () => {
    const { code, stderr } = await schemaCheck('housing');
    expect(stderr).toContain('Give both the subgraph name and the candidate schema file, or neither.');
    expect(code).toBe(2);
  });
});

describe('npm run schema:check with a candidate schema', () => {
  test('when the candidate is the schema as it is, then it is safe', () => {
    expect(check(STOCK)).toMatchObject({ safe: true, report: expect.stringContaining('Breaking changes: none') });
  });

  test('when a field is removed, then the report names it', () => {
    const { safe, report } = check(STOCK.replace('  "Stock every year." stockHistory: [Stock!]\n', ''));
    expect(safe).toBe(false);
    expect(report).toContain(
      '  - Field Neighbourhood.stockHistory was removed: operations that select it are rejected.',
    );
    expect(report).toContain(
      'Not safe: 1 breaking change.\nKeep the old field or value (marked @deprecated) next to the new one',
    );
  });

  test('when a field gets another type, then the report gives both types', () => {
    expect(check(STOCK.replace('dwellings: Int!', 'dwellings: Float!')).report).toContain(
      'Field Stock.dwellings changed type from Int! to Float!',
    );
  });

  test('when an output field becomes nullable, then the report says clients may now get null', () => {
    expect(check(STOCK.replace('vacant: Int!', 'vacant: Int')).report).toContain(
      'Field Stock.vacant can now be null (was Int!, now Int): clients that count on a value break.',
    );
  });

  test('when an argument becomes required, then the report says so and names the trusted document that leaves it out', () => {
    const { report } = check(STOCK.replace('kind: StockKind)', 'kind: StockKind!)'));
    expect(report).toContain(
      'Argument Neighbourhood.stock(kind:) now requires a value (was StockKind, now StockKind!)',
    );
    expect(report).toMatch(
      /documents\/stock-profile\.graphql is no longer valid:\n {6}line 2: Field "stock" argument "kind" of type "StockKind!" is required/,
    );
  });

  test('when an argument is removed or a required one is added, then the report names the argument', () => {
    expect(check(STOCK.replace('stock(year: Int!, kind: StockKind)', 'stock(year: Int!)')).report).toContain(
      'Argument Neighbourhood.stock(kind:) was removed: operations that pass it are rejected.',
    );
    expect(check(STOCK.replace('kind: StockKind)', 'kind: StockKind, unit: String!)')).report).toContain(
      'Argument Neighbourhood.stock(unit:) was added as required: operations that leave it out are rejected.',
    );
  });

  test('when an enum value is removed, then the report names it and the trusted document in the manifest that passes it', () => {
    const { report } = check(STOCK.replace('"Middle." MIDDLE ', ''));
    expect(report).toContain('Enum value StockKind.MIDDLE was removed: operations that pass it are rejected');
    expect(report).toMatch(
      /trusted-documents\.json \(StockKinds, f0e1d2c3b4a5\) is no longer valid:\n {6}line 1: Value "MIDDLE" does not exist in "StockKind" enum/,
    );
    expect(report).toContain('Not safe: 1 breaking change and 1 broken trusted document.');
  });

  test('when a field a trusted document reads is renamed, then the report shows the document, its line and the reason', () => {
    const { report } = check(STOCK.replace('waitingMonths: Float', 'waitingTimeMonths: Float'));
    expect(report).toContain('Field Stock.waitingMonths was removed');
    expect(report).toContain('Trusted documents: 1 of 2 still valid');
    expect(report).toMatch(
      /stock-profile\.graphql is no longer valid:\n {6}line 2: Cannot query field "waitingMonths" on type "Stock"/,
    );
  });

  test('when the candidate does not compose, then the report gives each composition error with its code', () => {
    const { safe, report } = check(`${STOCK}extend type Neighbourhood { name: Int }\n`);
    expect(safe).toBe(false);
    expect(report).toMatch(/Composition: FAILED with \d+ errors?\n {2}- [A-Z_]+: .*"Neighbourhood\.name"/);
  });

  test('when the candidate has a syntax error, then the report points at its line in the candidate file', () => {
    expect(check(STOCK.replace('vacant: Int!', 'vacant Int!')).report).toMatch(
      /- INVALID_GRAPHQL: \[stock\] \S+candidate-\d+\.graphql:9:20: Syntax Error: Expected ":", found Name "Int"\./,
    );
  });

  test('when fields and an enum value are added, then it is safe and the new value is listed to look at', () => {
    const { safe, report } = check(
      STOCK.replace('waitingMonths: Float', 'waitingMonths: Float\n  "Social." social: Int').replace(
        'FREE }',
        'FREE "Student." STUDENT }',
      ),
    );
    expect(safe).toBe(true);
    expect(report).toContain(
      'Enum value StockKind.STUDENT was added: clients that handle every value of StockKind should learn the new one.',
    );
  });

  test("when the tree already breaks a client without the candidate, then the report says the change is not the candidate's", () => {
    writeFileSync(
      join(dir, 'stock-in-tree.graphql'),
      STOCK.replace('  "Stock every year." stockHistory: [Stock!]\n', ''),
    );
    const schemaFile = join(dir, 'areas-candidate.graphql');
    writeFileSync(schemaFile, AREAS);
    const tree = [
      subgraphs()[0]!,
      { name: 'stock', url: 'http://stock/graphql', schemaFile: join(dir, 'stock-in-tree.graphql') },
    ];
    const result = checkSchema({
      candidate: { name: 'areas', schemaFile },
      subgraphs: tree,
      supergraphFile: join(dir, 'supergraph.graphql'),
      documentsDir: join(dir, 'documents'),
      manifestFile: join(dir, 'trusted-documents.json'),
    });
    expect(formatReport(result)).toContain(
      'Field Neighbourhood.stockHistory was removed: operations that select it are rejected. (also without this candidate: it is already in the tree)',
    );
  });

  test('when a partner about to join adds its own fields, then it composes with the others and is safe', () => {
    const { safe, report } = check(
      'extend type Neighbourhood { "Youth centres in a year." youthCentres(year: Int!): Int }\n',
      'youthcare',
    );
    expect(report).toContain('Composed: areas, stock, youthcare (candidate)');
    expect(safe).toBe(true);
  });

  test('when a new field or value has no description, then it is not safe and the report names each one, as the test suite would', () => {
    const { safe, report } = check(
      STOCK.replace('waitingMonths: Float', 'waitingMonths: Float\n  social: Int').replace('FREE }', 'FREE STUDENT }'),
    );
    expect(safe).toBe(false);
    expect(report).toContain(
      'Without a description: 2 (BI tools and app developers read the schema as the dictionary)\n  - Stock.social\n  - StockKind.STUDENT',
    );
    expect(report).toContain('Not safe: 2 undescribed type, field or values.\nDescribe each of them');
  });
});
