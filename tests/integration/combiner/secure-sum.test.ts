import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePairSecrets } from '../../../scripts/local-trust';
import { ConfigError } from '@buurtgraaf/platform';
import { loadPairSecrets, masksOf, MODULUS, publish, sumShares, VETO } from '@buurtgraaf/subgraph-kit/secure-sum';
import { secureSumOf } from '../../../subgraphs/care/subgraph';
import { shareOf } from '../../../subgraphs/care/share';
import { secureSumsOf } from '../../../subgraphs/combiner/secure';
import { pairSecretsOf } from '../../../subgraphs/combiner/subgraph';
import { type PartnerRef } from '@buurtgraaf/protocol';

// The secure sum's parts without a federation: masks cancel over all parties and only then,
// the combiner refuses shares that are missing or name other parties, and start-up checks the
// pair secrets. The federation's behaviour is in tests/e2e/partners/secure-sum.test.ts.

const ref = (id: string, kind: string, areas = ['*']): PartnerRef => ({
  id,
  kind,
  name: id,
  field: id.replace('-', '_'),
  areas,
});
const PARTNERS = [
  ref('care-a', 'care'),
  ref('care-b', 'care'),
  ref('care-c', 'care', ['WK034401']),
  ref('combiner', 'combiner'),
];
const RULE = { threshold: 10, roundTo: 5 };

describe('the secure sum', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairs-'));
  const dirs = ensurePairSecrets(
    dir,
    PARTNERS.map(({ id, kind }) => ({ id, kind })),
  );
  const render = (id: string, partners = PARTNERS) => ({
    self: partners.find((partner) => partner.id === id)!,
    partners,
  });
  const setupOf = (id: string, partners = PARTNERS) =>
    secureSumOf(
      { [`${id.toUpperCase().replace('-', '_')}_PAIR_SECRETS_DIR`]: dirs[id] },
      id.toUpperCase().replace('-', '_'),
      render(id, partners),
    )!;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('when every party adds its masks, then they cancel; without one party, the sum is random', () => {
    const combiner = pairSecretsOf({ COMBINER_PAIR_SECRETS_DIR: dirs.combiner }, render('combiner'))!;
    const a = setupOf('care-a').secrets;
    const b = setupOf('care-b').secrets;
    const only = (s: typeof a, ids: string[]) => ({
      self: s.self,
      peers: new Map([...s.peers].filter(([peer]) => ids.includes(peer))),
    });
    const parties = ['care-a', 'care-b', 'combiner'];
    const masks = [only(a, parties), only(b, parties), only(combiner, parties)].map((s) => masksOf(s, 'block', 4));
    expect(sumShares(masks)).toEqual([0, 0, 0, 0]);
    const partial = sumShares(masks.slice(0, 2));
    expect(partial.every((value) => value > 2 ** 32 && value < MODULUS)).toBe(true);
  });

  test('when two providers serve an area, then the combiner unmasks the perturbed total; a missing or disagreeing share unmasks nothing', () => {
    const row = (year: number, group: string, clients: number) => ({
      areaCode: 'BU03440211',
      year,
      targetGroup: group,
      clients,
      waitingList: 0,
      clientsSuppressed: clients < 10,
      waitingListSuppressed: true,
      source: 'GENERATED',
    });
    const rows = { 'care-a': [row(2023, 'YOUTH', 30)], 'care-b': [row(2023, 'YOUTH', 25)] };
    const shares = Object.fromEntries(
      Object.entries(rows).map(([id, own]) => [id, shareOf('BU03440211', own, [2023], setupOf(id), RULE, new Set())]),
    );
    const combiner = pairSecretsOf({ COMBINER_PAIR_SECRETS_DIR: dirs.combiner }, render('combiner'))!;
    const area = { code: 'BU03440211', care_a: { share: shares['care-a'] }, care_b: { share: shares['care-b'] } };
    const sums = secureSumsOf(area, PARTNERS, combiner)!;
    // Both published their (unsuppressed) counts: the total of 55 lies within the noises' spread.
    const outcome = sums(2023, 'YOUTH', 'clients');
    expect(outcome).not.toBe('SECURE_SUM_UNAVAILABLE');
    const value = (outcome as { value: number }).value;
    expect(Math.abs(value - 55)).toBeLessThanOrEqual(20 + 3);
    const missing = secureSumsOf(
      { code: 'BU03440211', care_a: { share: shares['care-a'] }, care_b: null },
      PARTNERS,
      combiner,
    )!;
    expect(missing(2023, 'YOUTH', 'clients')).toBe('SECURE_SUM_UNAVAILABLE');
    const other = { ...shares['care-b']!, parties: 'another-partners-file' };
    const disagree = secureSumsOf(
      { code: 'BU03440211', care_a: { share: shares['care-a'] }, care_b: { share: other } },
      PARTNERS,
      combiner,
    )!;
    expect(disagree(2023, 'YOUTH', 'clients')).toBe('SECURE_SUM_UNAVAILABLE');
  });

  test('when only one provider serves an area, then it sends no share and nothing is summed', () => {
    const solo = [ref('care-a', 'care'), ref('care-b', 'care', ['WK034402']), ref('combiner', 'combiner')];
    expect(shareOf('BU03440111', [], [2023], { ...setupOf('care-a'), partners: solo }, RULE, new Set())).toBeNull();
    expect(secureSumsOf({ code: 'BU03440111' }, solo, null)).toBeNull();
  });

  test('when a vetoed or too small total comes out, then the combiner publishes nothing', () => {
    expect(publish(VETO + 40, [RULE, RULE])).toEqual({ value: null, withheld: true });
    expect(publish(15, [RULE, RULE])).toEqual({ value: null, withheld: true });
    expect(publish(80, [RULE])).toEqual({ value: null, withheld: true });
    expect(publish(80, [RULE, { threshold: 20, roundTo: 10 }])).toEqual({ value: 50, withheld: false });
  });

  test('when a pair secret is missing, short, stale or shared with another peer, then start-up stops naming it', () => {
    const bad = mkdtempSync(join(tmpdir(), 'pairs-bad-'));
    writeFileSync(join(bad, 'care-b.secret'), 'short');
    writeFileSync(join(bad, 'care-gone.secret'), 'x'.repeat(40));
    const load = () => loadPairSecrets('CARE_A_PAIR_SECRETS_DIR', bad, 'care-a', ['care-b', 'combiner'], true);
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('no combiner.secret');
      expect(problems).toContain('care-b.secret must be at least 32 characters');
      expect(problems).toContain('care-gone.secret names no other party');
      expect(problems).toContain('no own.key');
    }
    writeFileSync(join(bad, 'care-b.secret'), 'y'.repeat(40));
    writeFileSync(join(bad, 'combiner.secret'), 'y'.repeat(40));
    rmSync(join(bad, 'care-gone.secret'));
    expect(() => loadPairSecrets('CARE_A_PAIR_SECRETS_DIR', bad, 'care-a', ['care-b', 'combiner'], false)).toThrow(
      /two peers have the same secret/,
    );
    expect(() => loadPairSecrets('X', join(bad, 'nope'), 'care-a', [], false)).toThrow(/is not a directory/);
    rmSync(bad, { recursive: true, force: true });
  });
});
