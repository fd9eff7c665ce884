import '../../gateway/no-telemetry';
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { RunningPeer } from './hive';
import { partnerHeaders, type PartnerTarget } from './signing';

/**
 * Stock data source plus one hook: sign the call. RemoteGraphQLDataSource serialises the request
 * after willSendRequest as JSON.stringify({ query, ...rest without http }); we sign those bytes.
 */
class SigningDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly partner: string,
    private readonly target: PartnerTarget,
  ) {
    super({ url: target.url });
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions) {
    const { query, http, ...rest } = request;
    const body = JSON.stringify({ query, ...rest });
    for (const [name, value] of Object.entries(partnerHeaders(this.partner, this.target, body)))
      http?.headers.set(name, value);
  }
}

/** Stock @apollo/gateway and @apollo/server with default settings on the committed supergraph. */
export async function startApolloPeer(
  supergraphFile: string,
  partners: Record<string, PartnerTarget>,
  port = 0,
): Promise<RunningPeer> {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphFile, 'utf8'),
    // A partner the workloads never reach (insights) keeps the supergraph's URL and is never called.
    buildService: ({ name, url }) => {
      const target = partners[name];
      return target ? new SigningDataSource(name, target) : new RemoteGraphQLDataSource({ url });
    },
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  // The standalone server answers GraphQL on every path; /graphql keeps the URLs alike.
  return { url: `${url}graphql`, stop: () => server.stop() };
}
