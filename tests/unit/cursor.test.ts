import { GraphQLError } from 'graphql';
import { AREA_CODE } from '@buurtgraaf/protocol';
import { assertPageSize, decodeCursor, encodeCursor } from '@buurtgraaf/subgraph-kit/cursor';

const isNeighbourhood = (key: string) => AREA_CODE.neighbourhood.test(key);

function thrown(work: () => unknown): GraphQLError {
  try {
    work();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('no error was thrown');
}

describe('cursors', () => {
  test('when a key is encoded and decoded again, then the same key comes back', () => {
    for (const key of ['BU03440111', 'BU0363AA01']) {
      expect(decodeCursor(encodeCursor(key), isNeighbourhood)).toBe(key);
    }
  });

  test('when a cursor is handed out, then it does not show the key in plain text', () => {
    expect(encodeCursor('BU03440111')).not.toContain('BU03440111');
    expect(encodeCursor('BU03440111')).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test.each([
    ['garbage', 'not base64 at all!!'],
    ['empty', ''],
    ['forged key', encodeCursor("x' or 1=1 --")],
    ['key of the wrong level', encodeCursor('WK034401')],
    ['missing version prefix', Buffer.from('BU03440111').toString('base64url')],
    ['other version prefix', Buffer.from('v2:BU03440111').toString('base64url')],
  ])('when the cursor is %s, then it is rejected with BAD_USER_INPUT naming `after`', (_, cursor) => {
    const error = thrown(() => decodeCursor(cursor, isNeighbourhood));
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  test('when the page size lies within 1 and the maximum, then it is accepted', () => {
    expect(assertPageSize(1, 100)).toBe(1);
    expect(assertPageSize(100, 100)).toBe(100);
  });

  test.each([0, -5, 101, 2.5, Number.NaN])(
    'when the page size is %p with a maximum of 100, then it is rejected with BAD_USER_INPUT naming the bounds',
    (first) => {
      const error = thrown(() => assertPageSize(first, 100));
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
      expect(error.message).toContain('between 1 and 100');
    },
  );
});
