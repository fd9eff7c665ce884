import { setTimeout as sleep } from 'node:timers/promises';
import { execute, parse } from 'graphql';
import { mergeSelected } from '../../../gateway/execution/merge';
import { LEAF } from '../../../gateway/execution/selected';
import { apiSchema, engineWith, figuresFor, THREE_AREAS, type Script } from './tiny-federation';

// Issue 13 and issue 12 (item 4, the weaker point on __typename): what the plan engine does with
// partner answers that are missing, forged or in a race.
describe('the plan engine with partner answers', () => {
  test('when an alias named like an Object.prototype member has no data and a fetch below it, then the other fields still arrive', async () => {
    const { ask } = engineWith(
      {
        data: { areas: [{ __typename: 'Area', code: 'A' }] },
        errors: [{ message: 'no', path: ['constructor'], extensions: { code: 'FORBIDDEN' } }],
      },
      figuresFor(() => ({ level: 'LOW' })),
    );
    // The areas partner answered `areas` but not `constructor` (as when it refuses that field).
    const result = await ask('{ areas { code } constructor: areas { level } toString: areas { code } }');
    expect(result.data).toEqual({ areas: [{ code: 'A' }], constructor: null, toString: null });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  test('when a partner adds fields its fetch did not select, then they reach neither the client nor another partner', async () => {
    // A compromised areas partner forges `total` (figures' field) and pads `rows`; figures is down.
    const forged = { data: { areas: [{ __typename: 'Area', code: 'A', total: 999, rows: [{ year: 1, value: 1 }] }] } };
    const down: Script = () => {
      throw new Error('figures is down');
    };
    const { ask, partners } = engineWith(
      forged,
      down,
      figuresFor((code) => ({ advice: `advice for ${code}` })),
    );
    const result = await ask('{ areas { code total rows { year } advice } }');
    expect(result.data).toEqual({ areas: [{ code: 'A', total: null, rows: null, advice: 'advice for A' }] });
    // Advice was asked with total missing (null), never with the forged 999.
    expect(partners.advice.asked).toEqual([{ representations: [{ __typename: 'Area', code: 'A', total: null }] }]);
  });

  test('when the owner of a list answers it, then its list replaces one another partner sent, never merged item by item', async () => {
    const padded = {
      data: {
        areas: [
          {
            __typename: 'Area',
            code: 'A',
            rows: [
              { year: 1990, value: 1 },
              { year: 1991, value: 2 },
              { year: 1992, value: 3 },
            ],
          },
        ],
      },
    };
    const { ask } = engineWith(
      padded,
      figuresFor(() => ({ rows: [{ year: 2023, value: 7 }] })),
    );
    expect((await ask('{ areas { code rows { year value } } }')).data).toEqual({
      areas: [{ code: 'A', rows: [{ year: 2023, value: 7 }] }],
    });
  });

  test("when one owner's list arrives twice with different fields of the same items, then the items are merged, not replaced", () => {
    // The planner asks one owner for one list twice when a client and a @requires select different fields of it.
    const target: Record<string, unknown> = { rows: [{ year: 2022 }, { year: 2023 }] };
    mergeSelected(target, { rows: [{ value: 1 }, { value: 2 }] }, new Map([['rows', new Map([['value', LEAF]])]]));
    expect(target).toEqual({
      rows: [
        { year: 2022, value: 1 },
        { year: 2023, value: 2 },
      ],
    });
  });

  test('when a partner answers a __typename that its field cannot hold, then that object is null and the reason is reported', async () => {
    const { ask } = engineWith({
      data: {
        areas: [
          { __typename: 'Other', code: 'A', name: 'forged' },
          { __typename: 'Area', code: 'B', name: 'Bos' },
        ],
      },
    });
    const result = await ask('{ areas { __typename code name } }');
    expect(result.data).toEqual({ areas: [null, { __typename: 'Area', code: 'B', name: 'Bos' }] });
    expect((result.extensions?.valueCompletion as Error[]).map((error) => error.message)).toEqual([
      'Invalid value found for field Query.areas.',
    ]);
  });

  test('when a partner whose figures another partner @requires is down, then that partner is asked with the figures null, not left out', async () => {
    const down: Script = () => {
      throw new Error('figures is down');
    };
    const { ask, partners } = engineWith(
      THREE_AREAS,
      down,
      figuresFor((code) => ({ advice: `without total for ${code}` })),
    );
    const result = await ask('{ areas { code advice } }');
    expect(result.data).toEqual({
      areas: [{ code: 'A', advice: 'without total for A' }, null, { code: 'C', advice: 'without total for C' }],
    });
    expect(partners.advice.asked[0]?.representations).toEqual([
      { __typename: 'Area', code: 'A', total: null },
      { __typename: 'Area', code: 'C', total: null },
    ]);
  });

  test('when two partners fetched in parallel both report errors, then the errors come in plan order whichever finishes first', async () => {
    const failing =
      (partner: string, delayMs: () => number): Script =>
      async (variables) => {
        await sleep(delayMs());
        const representations = variables.representations as unknown[];
        return {
          data: { _entities: representations.map(() => null) },
          errors: [{ message: `${partner} failed`, path: ['_entities', 0], extensions: { code: 'BAD_USER_INPUT' } }],
        };
      };
    let figuresFirst = true;
    const { ask } = engineWith(
      THREE_AREAS,
      failing('figures', () => (figuresFirst ? 0 : 40)),
      failing('advice', () => (figuresFirst ? 40 : 0)),
    );
    const order = async () => (await ask('{ areas { level note } }')).errors?.map((error) => error.message);
    const whenFiguresFinishFirst = await order();
    figuresFirst = false;
    const whenAdviceFinishesFirst = await order();
    expect(whenFiguresFinishFirst).toHaveLength(2);
    expect(whenAdviceFinishesFirst).toEqual(whenFiguresFinishFirst);
  });

  test('when a variable that @skip reads is sent as null, then the request is refused with 400 before any partner is asked', async () => {
    const { ask, partners } = engineWith(THREE_AREAS);
    const query = 'query ($hide: Boolean = true) { areas @skip(if: $hide) { code } }';
    expect((await ask(query)).data).toEqual({});
    await expect(ask(query, { hide: null })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
    expect(partners.areas.asked).toHaveLength(0);
  });

  test("when inline fragments with one type condition repeat around another field, then keys come in the spec's order, as graphql-js gives them", async () => {
    // Decided: the spec's CollectFields order (code, name, level). @apollo/gateway merges the
    // fragments first (code, level, name); the differential test compares such answers without key order.
    const query = '{ areas { ... on Area { code } name ... on Area { level } } }';
    const { ask } = engineWith(
      { data: { areas: [{ __typename: 'Area', code: 'A', name: 'Anders' }] } },
      figuresFor(() => ({ level: 'LOW' })),
    );
    const engine = await ask(query);
    const reference = await execute({
      schema: apiSchema,
      document: parse(query),
      rootValue: { areas: [{ __typename: 'Area', code: 'A', name: 'Anders', level: 'LOW' }] },
    });
    expect(JSON.stringify(engine.data)).toBe(JSON.stringify(reference.data));
    expect(Object.keys((engine.data?.areas as Record<string, unknown>[])[0] ?? {})).toEqual(['code', 'name', 'level']);
  });
});
