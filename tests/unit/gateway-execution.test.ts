import { mergeSelected } from '../../gateway/execution/merge';
import { LEAF } from '../../gateway/execution/selected';
import { engineWith as engineOf, THREE_AREAS, type Answer } from './engine/tiny-federation';

const engineWith = (areas: Answer, figures: (representations: { code: string }[]) => Answer) =>
  engineOf(areas, (variables) => figures(variables.representations as { code: string }[]));

describe('the plan engine', () => {
  test('when areas come from one partner and figures from another, then one batch asks for every area and the answers land in order', async () => {
    const { ask, partners, stockCalls } = engineWith(THREE_AREAS, (representations) => ({
      data: { _entities: representations.map(({ code }) => ({ level: 'LOW', total: code === 'A' ? 10 : 30 })) },
    }));
    expect(await ask('{ areas { code level total } }')).toEqual({
      data: { areas: [{ code: 'A', level: 'LOW', total: 10 }, null, { code: 'C', level: 'LOW', total: 30 }] },
    });
    expect(partners.figures.asked).toEqual([
      {
        representations: [
          { __typename: 'Area', code: 'A' },
          { __typename: 'Area', code: 'C' },
        ],
      },
    ]);
    expect(stockCalls).toEqual([]);
  });

  test('when the partner reports an error for the second area it was asked about, then the error points at that area in the answer', async () => {
    const { ask } = engineWith(THREE_AREAS, () => ({
      data: {
        _entities: [
          { level: 'LOW', total: 1 },
          { level: 'HIGH', total: null },
        ],
      },
      errors: [{ message: 'total is withheld', path: ['_entities', 1, 'total'], extensions: { code: 'FORBIDDEN' } }],
    }));
    const { errors } = await ask('{ areas { code total } }');
    expect(
      errors?.map((error) => [error.message, error.path, error.extensions?.code, error.extensions?.serviceName]),
    ).toEqual([['total is withheld', ['areas', 2, 'total'], 'FORBIDDEN', 'figures']]);
  });

  test('when a partner sends null for a non-null field or a value outside an enum, then only that area becomes null and the reason is reported', async () => {
    const { ask } = engineWith(THREE_AREAS, () => ({ data: { _entities: [{ level: null }, { level: 'MEDIUM' }] } }));
    const result = await ask('{ areas { code level } }');
    expect(result.data).toEqual({ areas: [null, null, null] });
    expect(result.errors).toBeUndefined();
    expect((result.extensions?.valueCompletion as Error[]).map((error) => error.message)).toEqual([
      'Cannot return null for non-nullable field Area.level.',
      'Invalid value found for field Area.level.',
    ]);
  });

  test('when an operation asks for introspection, then the stock executor answers it', async () => {
    const { ask, stockCalls } = engineWith(THREE_AREAS, () => ({ data: { _entities: [] } }));
    expect(await ask('{ __schema { queryType { name } } }')).toEqual({ data: { answeredBy: 'stock' } });
    expect(stockCalls).toHaveLength(1);
  });
});

describe('merging partner answers', () => {
  test('when a partner answer carries a "__proto__" key, then it is dropped and no prototype changes', () => {
    const target: Record<string, unknown> = { code: 'A' };
    mergeSelected(
      target,
      JSON.parse('{ "__proto__": { "polluted": true }, "total": 3 }'),
      new Map([
        ['__proto__', LEAF],
        ['total', LEAF],
      ]),
    );
    expect(target).toEqual({ code: 'A', total: 3 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
