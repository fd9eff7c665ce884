import { buildSchema, execute, parse, printSchema, type GraphQLSchema } from 'graphql';
import { conditionVariables } from '../../../gateway/execution/conditions';
import type { Answer, Executors } from './executors';
import type { Generated } from './generator';
import type { PartnerMode } from './partners';

/**
 * What "the same answer" means between the two executors: the same HTTP status, the same data
 * byte for byte (so key order too), and the same errors by message, path and code. Error order
 * is compared as a multiset: @apollo/gateway reports errors in the order partners finish, the
 * engine in plan order (tested on its own in engine-order.test.ts).
 *
 * Documented differences, where the engine is right by decision:
 * - A `__typename` from a partner that is not a possible type of its field: the engine nulls the
 *   object with "Invalid value found"; @apollo/gateway accepts any object type. Scripted partners
 *   never send one, so it does not show up here (run-plan.test.ts covers it).
 * - Key order where a field is selected more than once with fragments among its selections
 *   (`{ ... on T { a } b ... on T { c } }`, or `x { a } x { ... on X { b } } x { c }`): the
 *   engine orders keys as the GraphQL spec's CollectFields does (a, b, c); @apollo/gateway
 *   merges some of them first (a, c, b). When the answers differ only in key order, the engine's
 *   order is checked against graphql-js executing the same document over the engine's answer.
 * - An explicit null for a variable that @skip/@include read (`$s: Boolean = true` sent as
 *   null): the engine refuses it with 400 BAD_USER_INPUT before asking anyone; @apollo/gateway
 *   passes it on and answers 200, 400 or 500 depending on the plan. Only the engine is checked.
 */
export interface Scenario {
  name: string;
  modes: Record<string, PartnerMode>;
}

export interface Difference {
  scenario: Scenario;
  generated: Generated;
  engine: Answer;
  stock: Answer;
  reason: string;
}

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
};

const errorKey = (error: NonNullable<Answer['errors']>[number]) =>
  JSON.stringify([error.message, error.path ?? null, error.code ?? null]);

// The gateway's API schema carries @apollo/gateway's resolvers; the reference wants none.
const bare = new WeakMap<GraphQLSchema, GraphQLSchema>();

/** Whether `data` has its keys in the order graphql-js (the spec's CollectFields) gives this document. */
export function inSpecOrder(schema: GraphQLSchema, generated: Generated, data: unknown): boolean {
  let reference = bare.get(schema);
  if (!reference) bare.set(schema, (reference = buildSchema(printSchema(schema))));
  const result = execute({
    schema: reference,
    document: parse(generated.query),
    rootValue: data,
    variableValues: generated.variables,
    fieldResolver: (source, _args, _context, info) =>
      (source as Record<string, unknown> | null)?.[info.path.key as string],
    typeResolver: (value) => (value as { __typename?: string }).__typename,
  }) as { data?: unknown; errors?: unknown[] };
  return !result.errors?.length && JSON.stringify(result.data) === JSON.stringify(data);
}

/** A variable @skip/@include read, sent as an explicit null. */
export function hasNullCondition(generated: Generated): boolean {
  return conditionVariables(parse(generated.query)).some((name) => generated.variables[name] === null);
}

export function differenceOf(
  engine: Answer,
  stock: Answer,
  generated: Generated,
  schema: GraphQLSchema,
): string | null {
  const refusedByValidation = (answer: Answer) =>
    answer.status === 400 && String(answer.errors?.[0]?.code).startsWith('GRAPHQL_');
  if (hasNullCondition(generated) && !(refusedByValidation(engine) && refusedByValidation(stock))) {
    return engine.status === 400 && engine.errors?.[0]?.code === 'BAD_USER_INPUT'
      ? null
      : `a null @skip/@include variable answered ${engine.status}`;
  }
  if (engine.status !== stock.status) return `status ${engine.status} against ${stock.status}`;
  if (JSON.stringify(engine.data) !== JSON.stringify(stock.data)) {
    if (JSON.stringify(sortKeys(engine.data)) !== JSON.stringify(sortKeys(stock.data))) return 'data';
    if (!inSpecOrder(schema, generated, engine.data)) return "key order, and the engine's is not the spec's";
  }
  const [ourErrors, theirErrors] = [
    (engine.errors ?? []).map(errorKey).sort(),
    (stock.errors ?? []).map(errorKey).sort(),
  ];
  if (JSON.stringify(ourErrors) !== JSON.stringify(theirErrors)) return 'errors';
  return null;
}

/** Every partner up; each partner down, refusing and erroring in turn. */
export function scenarios(partners: readonly string[]): Scenario[] {
  return [
    { name: 'all partners up', modes: {} },
    ...partners.flatMap((partner) =>
      (['down', 'refusing', 'erroring'] as const).map((mode) => ({
        name: `${partner} ${mode}`,
        modes: { [partner]: mode },
      })),
    ),
  ];
}

export async function runDifferential(
  executors: Executors,
  generate: () => Generated,
  count: number,
  onDifference?: (difference: Difference) => void,
) {
  const partnerNames = [...executors.partners.services.keys()];
  const all = scenarios(partnerNames);
  const tally = { queries: 0, answered: 0, refused: 0, withPartnerErrors: 0, differences: [] as Difference[] };
  for (let index = 0; index < count; index += 1) {
    const generated = generate();
    // Half the queries with every partner up, the other half through each fault in turn.
    const scenario = (index % 2 === 0 ? all[0] : all[1 + (((index - 1) / 2) % (all.length - 1))]) as Scenario;
    executors.partners.setModes(scenario.modes);
    const { engine, stock } = await executors.ask(generated.query, generated.variables);
    tally.queries += 1;
    if (engine.status !== 200) tally.refused += 1;
    else tally.answered += 1;
    if (engine.errors?.length && engine.status === 200) tally.withPartnerErrors += 1;
    const reason = differenceOf(engine, stock, generated, executors.apiSchema);
    if (reason) {
      const difference = { scenario, generated, engine, stock, reason };
      tally.differences.push(difference);
      onDifference?.(difference);
    }
  }
  executors.partners.setModes({});
  return tally;
}
