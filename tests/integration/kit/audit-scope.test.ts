import { parseEnv } from '@buurtgraaf/platform';
import { exportAuditLog } from '@buurtgraaf/subgraph-kit/trust/audit-export';
import { municipality, settings } from '../../../subgraphs/municipality/subgraph';
import { ENGINES } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { postGraphQL } from '../../helpers/http';
import { ANALYST_CONTEXT } from '../../helpers/trust';
import { fetchEntities, representations } from '../entities';

interface ScopeRow {
  areas: string[];
  arguments: string[];
}

describe.each(ENGINES)('what an audit record says was read, on %s', (engine) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(municipality, engine, parseEnv(settings, {}));
  });
  afterAll(() => subgraph?.stop());
  const scopeOf = async (transactionId: string) =>
    (
      await subgraph.db.query<ScopeRow>('select areas, arguments from audit_log where transaction_id = $1', [
        transactionId,
      ])
    )[0];

  test('when the gateway asks for the figures of two neighbourhoods in a year, then the record names both areas and the year', async () => {
    const context = { ...ANALYST_CONTEXT, transactionId: `scope-entities-${engine}` };
    const response = await fetchEntities(
      subgraph.url,
      representations('Neighbourhood', ['BU03440112', 'BU03440111']),
      'population(year: 2023) { total }',
      context,
    );
    expect(response.errors).toBeUndefined();
    expect(await scopeOf(context.transactionId)).toEqual({
      areas: ['BU03440111', 'BU03440112'],
      arguments: ['Neighbourhood.population(year: 2023)'],
    });
  });

  test('when an entry point lists the neighbourhoods of a municipality, then the record names the municipality and the page asked for', async () => {
    const context = { ...ANALYST_CONTEXT, transactionId: `scope-list-${engine}` };
    const response = await postGraphQL(
      subgraph.url,
      {
        query: 'query ($m: ID) { neighbourhoods(municipality: $m, first: 5) { nodes { code } } }',
        variables: { m: 'GM0344' },
      },
      {},
      context,
    );
    expect(response.errors).toBeUndefined();
    expect(await scopeOf(context.transactionId)).toEqual({
      areas: ['GM0344'],
      arguments: ['Query.neighbourhoods(first: 5)'],
    });
  });

  test('when the privacy officer asks who read a neighbourhood, then reads of it and of the municipality around it are listed, others not', async () => {
    const byArea = JSON.parse(await exportAuditLog(subgraph.db, { area: 'BU03440112' }, 'json')) as {
      transaction_id: string;
    }[];
    expect(byArea.map((row) => row.transaction_id)).toEqual([`scope-entities-${engine}`, `scope-list-${engine}`]);
    const elsewhere = JSON.parse(await exportAuditLog(subgraph.db, { area: 'GM0363' }, 'json')) as unknown[];
    expect(elsewhere).toEqual([]);
    const csv = await exportAuditLog(subgraph.db, { area: 'WK034401' }, 'csv');
    expect(csv.split('\r\n')[0]).toMatch(/,"?areas"?,"?arguments"?$/);
  });
});
