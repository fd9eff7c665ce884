import { AREA_CODE } from '@buurtgraaf/protocol';
import { buildWorld, DEMO_YEARS, latestKnown, type DemoWorld } from '@buurtgraaf/demo-data';

const ofLevel = (world: DemoWorld, level: 'municipality' | 'district' | 'neighbourhood') =>
  world.areas.filter((area) => area.level === level);

describe('the Utrecht demo world', () => {
  const world = buildWorld('utrecht');

  test('when it is built, then it holds Utrecht with its 10 districts and 111 neighbourhoods', () => {
    expect(ofLevel(world, 'municipality')).toEqual([
      { code: 'GM0344', level: 'municipality', name: 'Utrecht', districtCode: null, municipalityCode: null },
    ]);
    expect(ofLevel(world, 'district')).toHaveLength(10);
    expect(ofLevel(world, 'neighbourhood')).toHaveLength(111);
    expect(world.areas.every((area) => area.level === 'municipality' || area.municipalityCode === 'GM0344')).toBe(true);
  });

  test('when its figures are read, then every area has one row for each year from 2019 to 2024', () => {
    expect(DEMO_YEARS).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    const keys = world.figures.map((figures) => `${figures.code}:${figures.year}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const area of world.areas) {
      expect(
        world.figures
          .filter((figures) => figures.code === area.code)
          .map((figures) => figures.year)
          .sort(),
      ).toEqual([...DEMO_YEARS]);
    }
  });

  test('when the source of a figure is asked, then 2023 and 2024 are CBS and earlier years GENERATED', () => {
    for (const figures of world.figures) {
      expect(figures.source).toBe(figures.year >= 2023 ? 'CBS' : 'GENERATED');
    }
  });

  test('when the real CBS figures are looked up, then they are the published ones', () => {
    const utrecht = world.figures.find((figures) => figures.code === 'GM0344' && figures.year === 2024);
    expect(utrecht?.total).toBe(374238);
    const welgelegen = world.figures.find((figures) => figures.code === 'BU03440111' && figures.year === 2023);
    expect(welgelegen).toMatchObject({
      total: 1810,
      ages: [200, 235, 780, 235, 360],
      households: 1070,
      corporationShare: 0,
    });
  });

  test('when latestKnown picks dwellings, then 2024 without dwelling figures falls back to 2023', () => {
    const dwellings = latestKnown(world, (figures) => figures.dwellings);
    const cbs2023 = world.figures.find((figures) => figures.code === 'GM0344' && figures.year === 2023)?.dwellings;
    expect(cbs2023).toEqual(expect.any(Number));
    expect(dwellings.get('GM0344')).toBe(cbs2023);
  });
});

describe('the national demo world', () => {
  const first = buildWorld('national');

  test('when it is built, then it holds 342 municipalities, 3,393 districts and between 13,000 and 16,000 neighbourhoods', () => {
    expect(ofLevel(first, 'municipality')).toHaveLength(342);
    expect(ofLevel(first, 'district')).toHaveLength(3_393);
    const neighbourhoods = ofLevel(first, 'neighbourhood').length;
    expect(neighbourhoods).toBeGreaterThanOrEqual(13_000);
    expect(neighbourhoods).toBeLessThanOrEqual(16_000);
  });

  test('when its codes are checked, then each matches the CBS pattern of its level and none repeats', () => {
    const bad = first.areas.filter((area) => !AREA_CODE[area.level].test(area.code));
    expect(bad).toEqual([]);
    expect(new Set(first.areas.map((area) => area.code)).size).toBe(first.areas.length);
    expect(first.areas.some((area) => area.code === 'BU0363AA01')).toBe(true);
  });

  test("when the hierarchy is followed, then every neighbourhood's district and every area's municipality exist and agree with the code", () => {
    const districts = new Set(ofLevel(first, 'district').map((area) => area.code));
    const municipalities = new Set(ofLevel(first, 'municipality').map((area) => area.code));
    const orphans = first.areas.filter(
      (area) =>
        (area.level === 'neighbourhood' &&
          (!districts.has(area.districtCode ?? '') || area.districtCode !== `WK${area.code.slice(2, 8)}`)) ||
        (area.level !== 'municipality' &&
          (!municipalities.has(area.municipalityCode ?? '') || area.municipalityCode !== `GM${area.code.slice(2, 6)}`)),
    );
    expect(orphans).toEqual([]);
  });

  test('when it is built twice, then both builds are identical', () => {
    const lines = (world: DemoWorld) => [...world.areas, ...world.figures].map((item) => JSON.stringify(item));
    expect(lines(buildWorld('national'))).toEqual(lines(first));
  });

  test('when Utrecht is part of the national world, then it is the same as in the Utrecht world', () => {
    const utrecht = buildWorld('utrecht');
    expect(first.areas.filter((area) => area.code === 'GM0344' || area.municipalityCode === 'GM0344')).toEqual(
      utrecht.areas,
    );
  });
});
