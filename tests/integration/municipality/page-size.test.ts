import { municipality, settings } from '../../../subgraphs/municipality/subgraph';
import { parseEnv } from '@buurtgraaf/platform';
import { ENGINES } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { postGraphQL } from '../../helpers/http';

describe.each(ENGINES)('the municipality subgraph on %s with MUNICIPALITY_MAX_PAGE_SIZE=50', (engine) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(municipality, engine, parseEnv(settings, { MUNICIPALITY_MAX_PAGE_SIZE: '50' }));
  });
  afterAll(() => subgraph?.stop());

  const page = (args: string) =>
    postGraphQL(subgraph.url, {
      query: `{ neighbourhoods(municipality: "GM0344"${args}) { totalCount nodes { code } } }`,
    });

  test('when a client asks more than the operator allows, then BAD_USER_INPUT names the configured maximum', async () => {
    const response = await page(', first: 51');
    expect(response.errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
        message: expect.stringContaining('between 1 and 50'),
      }),
    ]);
  });

  test('when a client asks exactly the maximum, then it gets a full page', async () => {
    const response = await page(', first: 50');
    expect(response.errors).toBeUndefined();
    expect(response.data.neighbourhoods.nodes).toHaveLength(50);
  });

  test('when a client leaves `first` out, as the schema allows, then it gets a page rather than an error about an argument it never sent', async () => {
    // Fails today: the schema default `first: 100` is checked against the maximum of 50.
    const response = await page('');
    expect(response.errors).toBeUndefined();
    expect(response.data.neighbourhoods.totalCount).toBe(111);
    expect(response.data.neighbourhoods.nodes.length).toBeGreaterThan(0);
    expect(response.data.neighbourhoods.nodes.length).toBeLessThanOrEqual(50);
  });
});
