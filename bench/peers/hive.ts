import type { RequestListener } from 'node:http';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime, type GatewayConfigSupergraph, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { listen, type Listening } from '@buurtgraaf/platform';
import { partnerHeaders, type PartnerTargets } from './signing';

export type HiveEngine = 'default' | 'router-runtime';

export interface RunningPeer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The peer's one Buurtgraaf-specific line: sign every subgraph call, over the exact body the
 * gateway sends, with the kit's signing function (Hive's onFetch hook).
 */
function signingPlugin(partners: PartnerTargets): GatewayPlugin {
  const byUrl = new Map(Object.entries(partners).map(([name, target]) => [target.url, { name, target }]));
  return {
    onFetch({ url, options, setOptions }) {
      const partner = byUrl.get(url);
      if (!partner) return;
      const body = typeof options.body === 'string' ? options.body : '';
      setOptions({
        ...options,
        headers: { ...options.headers, ...partnerHeaders(partner.name, partner.target, body) },
      });
    },
  };
}

/**
 * @graphql-hive/gateway serving the committed supergraph with its defaults, pointed at where the
 * partners really listen; `router-runtime` swaps in its Rust query planner.
 */
export async function startHivePeer(
  supergraphFile: string,
  partners: PartnerTargets,
  engine: HiveEngine = 'default',
  port = 0,
): Promise<RunningPeer> {
  // Imported only when asked for: its native planner would otherwise weigh on the default engine's memory.
  // (A dynamic import resolves the package's ESM typings, which differ from the CJS ones only in name.)
  const unifiedGraphHandler =
    engine === 'router-runtime'
      ? ((await import('@graphql-hive/router-runtime'))
          .unifiedGraphHandler as unknown as GatewayConfigSupergraph['unifiedGraphHandler'])
      : undefined;
  const gateway = createGatewayRuntime({
    supergraph: readFileSync(supergraphFile, 'utf8'),
    transportEntries: Object.fromEntries(
      Object.entries(partners).map(([name, target]) => [name, { location: target.url }]),
    ),
    plugins: () => [signingPlugin(partners)],
    logging: 'error',
    ...(unifiedGraphHandler ? { unifiedGraphHandler } : {}),
  });
  const http: Listening = await listen(gateway as unknown as RequestListener, port);
  return {
    url: `${http.url}/graphql`,
    async stop() {
      await http.close(1_000);
      await gateway.dispose();
    },
  };
}
