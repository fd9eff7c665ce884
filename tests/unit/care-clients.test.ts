import { createHash } from 'node:crypto';
import { buildWorld } from '@buurtgraaf/demo-data';
import { clientsOf } from '../../subgraphs/care/seed';
import { partnersOfKind, renderFor } from '../../schema/subgraphs';

// The care seed streams its clients (subgraphs/care/seed.ts) and simulates only what a provider
// may get. These pin that the stream is the demo every test was written against.
describe("the care providers' generated clients", () => {
  const world = buildWorld('utrecht');
  const providers = partnersOfKind('care').map(({ name }) => name);
  const all = [...clientsOf(world, { self: null, partners: renderFor(providers[0]!).partners })];

  test('when each provider draws its part, then every client falls to exactly one of them', () => {
    const parts = providers.map((id) => [...clientsOf(world, renderFor(id))].map((client) => client.id));
    const drawn = parts.flat();
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(drawn.sort()).toEqual(all.map((client) => client.id).sort());
  });

  test('when the Utrecht demo is generated, then it is the same clients in the same order as before streaming', () => {
    const fingerprint = (id: string) => {
      const hash = createHash('md5');
      let count = 0;
      for (const client of clientsOf(world, renderFor(id))) {
        hash.update(`${JSON.stringify(client)}\n`);
        count += 1;
      }
      return `${count} ${hash.digest('hex')}`;
    };
    // Changing these means changing the demo data that every test and the README's examples see.
    expect(fingerprint('care-stadszorg')).toBe('31712 5eb463501e7c54b8dc335eca5475c072');
    expect(fingerprint('care-wijkteam')).toBe('8850 2211ad2ad5aaeca2cbb1b1be411ae4bf');
  });
});
