import { GraphQLError } from 'graphql';
import { assertAreaCode, districtOf, levelOf, municipalityOf, type AreaLevel } from '@buurtgraaf/protocol';

function rejection(level: AreaLevel, code: string, argument?: string): GraphQLError {
  try {
    assertAreaCode(level, code, argument);
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error(`${code} was accepted as a ${level} code`);
}

describe('CBS area codes', () => {
  test.each([
    ['neighbourhood', 'BU03440111'],
    ['neighbourhood', 'BU0363AA01'],
    ['district', 'WK034401'],
    ['district', 'WK0363AA'],
    ['municipality', 'GM0344'],
  ] as const)('when a %s code is %s, then it is accepted and returned unchanged', (level, code) => {
    expect(assertAreaCode(level, code)).toBe(code);
    expect(levelOf(code)).toBe(level);
  });

  test.each([
    ['neighbourhood', 'bu03440111'],
    ['neighbourhood', 'BU0344011'],
    ['neighbourhood', 'BU034401111'],
    ['neighbourhood', 'BU03440a11'],
    ['neighbourhood', 'WK034401'],
    ['neighbourhood', ' BU03440111'],
    ['district', 'WK03440'],
    ['district', 'WKA34401'],
    ['municipality', 'GM344'],
    ['municipality', 'GM034A'],
    ['municipality', ''],
  ] as const)('when a %s code is %p, then it is rejected with BAD_USER_INPUT', (level, code) => {
    const error = rejection(level, code);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'code' });
    expect(error.message).toContain(`"${code}"`);
  });

  test('when a malformed code comes in through another argument, then the error names that argument', () => {
    expect(rejection('municipality', 'Utrecht', 'municipality').extensions).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'municipality',
    });
  });

  test('when a code matches no level, then levelOf gives undefined', () => {
    expect(levelOf('XX0344')).toBeUndefined();
  });

  test('when a neighbourhood code is given, then districtOf and municipalityOf give its district and municipality', () => {
    expect(districtOf('BU03440111')).toBe('WK034401');
    expect(municipalityOf('BU03440111')).toBe('GM0344');
    expect(districtOf('BU0363AA01')).toBe('WK0363AA');
    expect(municipalityOf('BU0363AA01')).toBe('GM0363');
  });

  test('when a district code is given, then municipalityOf gives its municipality', () => {
    expect(municipalityOf('WK034401')).toBe('GM0344');
    expect(municipalityOf('WK0363AA')).toBe('GM0363');
  });
});
