import { join } from 'node:path';
import { startApolloPeer } from '../../../bench/peers/apollo';
import { startHivePeer, type RunningPeer } from '../../../bench/peers/hive';
import { sharedFederation, type SharedFederation } from '../../helpers/shared-federation';
import { postGraphQL } from '../../helpers/http';
import { NEIGHBOURHOOD_PROFILE } from '../queries';
import { PRIMARY_ENGINE } from '../../helpers/database';

const SUPERGRAPH = join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql');

/**
 * The peers of the benchmark (bench/peers) must answer what our gateway answers, or the numbers
 * compare different work. Each signs its partner calls with the kit's signing function.
 */
describe('peer gateways on the committed supergraph', () => {
  let federation: SharedFederation;
  const peers: RunningPeer[] = [];
  beforeAll(async () => {
    federation = await sharedFederation(PRIMARY_ENGINE);
  });
  afterAll(async () => {
    await Promise.all(peers.map((peer) => peer.stop()));
    await federation?.stop();
  });

  const partners = () =>
    Object.fromEntries(
      Object.values(federation.subgraphs).map((subgraph) => [
        subgraph.name,
        { url: subgraph.url, secret: subgraph.secret },
      ]),
    );

  test.each([
    ['@graphql-hive/gateway', () => startHivePeer(SUPERGRAPH, partners())],
    [
      '@graphql-hive/gateway with its Rust query planner',
      () => startHivePeer(SUPERGRAPH, partners(), 'router-runtime'),
    ],
    ['stock @apollo/gateway', () => startApolloPeer(SUPERGRAPH, partners())],
  ])(
    'when %s is asked for the neighbourhood profile, then it answers exactly what our gateway answers',
    async (_name, start) => {
      const peer = await start();
      peers.push(peer);
      const ours = await federation.query(NEIGHBOURHOOD_PROFILE);
      const theirs = await postGraphQL(peer.url, { query: NEIGHBOURHOOD_PROFILE });
      expect(ours.errors).toBeUndefined();
      expect(theirs.errors).toBeUndefined();
      expect(ours.data.neighbourhood.careDemand).toHaveLength(4);
      expect(theirs.data).toEqual(ours.data);
    },
  );
});
