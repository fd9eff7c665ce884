import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readPartners } from '../../schema/subgraphs';
import { renderPartnerSdl } from '@buurtgraaf/subgraph-kit/partner-sdl';
import { serves, type PartnerRef } from '@buurtgraaf/protocol';

const dir = mkdtempSync(join(tmpdir(), 'partners-'));
const fileWith = (partners: unknown[]) => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ partners }));
  return file;
};
const corporation = (id: string, port: number, extra: object = {}) => ({
  id,
  kind: 'housing',
  name: `Corporatie ${id}`,
  port,
  ...extra,
});

describe('the partners file', () => {
  test('when it breaks several rules, then every mistake is named at once', () => {
    const file = fileWith([
      corporation('housing-a', 4100),
      corporation('housing-a', 4100),
      corporation('Housing_B', 4101),
      { id: 'ggd', kind: 'ggd', name: '=cmd()', port: 80 },
      corporation('housing-c', 4102, { areas: ['Utrecht'] }),
    ]);
    const message = (() => {
      try {
        readPartners(file);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const mistake of [
      'partners.1.id: id housing-a is used twice',
      'partners.1.port: port 4100 is used twice',
      'partners.2.id: must be lowercase',
      'partners.3.name: must not start with a formula character',
      'partners.3.port: Too small',
      'partners.4.areas.0: must be *, a municipality code',
      'partners.3.kind: no subgraph kind ggd',
    ])
      expect(message).toContain(mistake);
  });

  test('when one id is another id and a hyphen further, then it is refused: their settings would collide', () => {
    expect(() => readPartners(fileWith([corporation('housing-a', 4100), corporation('housing-a-b', 4101)]))).toThrow(
      'housing-a-b starts with the id of housing-a and a hyphen',
    );
  });

  test('when a process is started as a partner the file does not list, then it says so in one line and exits 1', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'subgraphs/care/main.ts'], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, PARTNER_ID: 'housing-domstad' },
    });
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: 'PARTNER_ID housing-domstad is a partner of kind housing, not care.\n',
    });
  });
});

describe('rendering a schema for several partners of a kind', () => {
  const partners: PartnerRef[] = [
    { id: 'care-a', kind: 'care', name: 'A', field: 'care_a', areas: ['*'] },
    { id: 'care-b', kind: 'care', name: 'B', field: 'care_b', areas: ['WK034401', 'GM0307'] },
  ];

  test('when a provider renders its schema, then PARTNER becomes its own field and nothing else changes', () => {
    const sdl = 'extend type Neighbourhood {\n  "Our PARTNER figures."\n  PARTNER: CareContribution @inaccessible\n}\n';
    expect(renderPartnerSdl(sdl, partners[1]!, partners)).toBe(
      'extend type Neighbourhood {\n  "Our PARTNER figures."\n  care_b: CareContribution @inaccessible\n}\n',
    );
  });

  test('when the combiner renders its schema, then each PARTNERS_<kind> field and selection is there once per partner, braces and all', () => {
    const sdl =
      '  PARTNERS_care: CareContribution @external\n  sum: Int @requires(fields: "code PARTNERS_care { series { year } } name")\n';
    expect(renderPartnerSdl(sdl, null, partners)).toBe(
      '  care_a: CareContribution @external\n  care_b: CareContribution @external\n  sum: Int @requires(fields: "code care_a { series { year } } care_b { series { year } } name")\n',
    );
  });

  test('when areas are asked about, then a partner serves what lies in its districts and municipalities, at every level', () => {
    const areas = partners[1]!.areas;
    expect(['BU03440111', 'WK034401', 'GM0344', 'GM0307', 'BU03070101'].map((code) => serves(areas, code))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['BU03440211', 'WK034402', 'GM0363'].map((code) => serves(areas, code))).toEqual([false, false, false]);
  });
});
