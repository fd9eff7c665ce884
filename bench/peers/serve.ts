import { startApolloPeer } from './apollo';
import { startFloor } from './floor';
import { startHivePeer, type RunningPeer } from './hive';
import { partnersFromEnv } from './signing';

/**
 * A peer in a process of its own, for the benchmark: `tsx bench/peers/serve.ts <peer>`, with the
 * partners in BENCH_PARTNERS and the supergraph file in BENCH_SUPERGRAPH. Reports its URL over IPC.
 */
const PEERS: Record<string, (supergraph: string) => Promise<RunningPeer>> = {
  hive: (supergraph) => startHivePeer(supergraph, partnersFromEnv()),
  'hive-router': (supergraph) => startHivePeer(supergraph, partnersFromEnv(), 'router-runtime'),
  apollo: (supergraph) => startApolloPeer(supergraph, partnersFromEnv()),
  floor: () => startFloor(partnersFromEnv()),
};

async function main() {
  const name = process.argv[2] ?? '';
  const start = PEERS[name];
  if (!start) throw new Error(`Unknown peer "${name}"; one of ${Object.keys(PEERS).join(', ')}`);
  const peer = await start(process.env.BENCH_SUPERGRAPH ?? '');
  process.send?.({ type: 'ready', url: peer.url });
  process.once('SIGTERM', () => void peer.stop().then(() => process.exit(0)));
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
