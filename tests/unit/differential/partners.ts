import { createHash } from 'node:crypto';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  execute,
  getNamedType,
  GraphQLError,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  visit,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode } from '@buurtgraaf/platform';

/**
 * Partners made from the supergraph alone, so the differential test follows the schema as partners
 * join: each subgraph's own schema answers with values derived from a hash of what it was asked,
 * so both executors, asking the same, get the same. A partner can be scripted to be down, to
 * refuse some fields for the consumer (FORBIDDEN) or to fail some with an error.
 */
export type PartnerMode = 'up' | 'down' | 'refusing' | 'erroring';

export interface ScriptedPartners {
  services: Map<string, GraphQLDataSource>;
  setModes(modes: Record<string, PartnerMode>): void;
  /** Every fetch, in the order sent: which partner and how many representations. */
  calls: { partner: string; representations: number }[];
}

const hash = (text: string) => createHash('sha1').update(text).digest().readUInt32BE(0);
const SEED = Symbol('seed');
type Mock = { [SEED]: string; __typename?: string };

export function scriptedPartners(supergraphSdl: string): ScriptedPartners {
  const supergraph = Supergraph.build(supergraphSdl, { validateSupergraph: false });
  const modes = new Map<string, PartnerMode>();
  const calls: ScriptedPartners['calls'] = [];
  const neverNull = namesInRequires(supergraphSdl);
  const keys = keyFields(supergraphSdl);
  const documents = new Map<string, DocumentNode>();
  const services = new Map<string, GraphQLDataSource>();
  for (const subgraph of supergraph.subgraphs()) {
    const schema = subgraph.schema.toGraphQLJSSchema();
    const partner = subgraph.name;
    const source: GraphQLDataSource = {
      async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
        const { query = '', variables = {} } = options.request;
        calls.push({
          partner,
          representations: Array.isArray(variables.representations) ? variables.representations.length : 0,
        });
        const mode = modes.get(partner) ?? 'up';
        if (mode === 'down') {
          throw new GraphQLError(
            `The ${partner} partner could not be reached; its figures are missing from this answer.`,
            { extensions: { code: ErrorCode.PartnerUnavailable, partner } },
          );
        }
        let document = documents.get(query);
        if (!document) documents.set(query, (document = parse(query)));
        const result = await execute({
          schema,
          document,
          variableValues: variables,
          fieldResolver: resolver(schema, mode, neverNull, keys),
          typeResolver: (value) => (value as Mock).__typename,
        });
        return {
          ...(result.data !== undefined ? { data: result.data as Record<string, unknown> | null } : {}),
          ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {}),
        };
      },
    };
    services.set(partner, source);
  }
  return {
    services,
    calls,
    setModes: (next) => {
      modes.clear();
      for (const [name, mode] of Object.entries(next)) modes.set(name, mode);
    },
  };
}

/** Field names any @requires reads: a mock never makes them null, so a null in a representation means a partner failed. */
function namesInRequires(supergraphSdl: string): Set<string> {
  const names = new Set<string>();
  visit(parse(supergraphSdl), {
    Argument(argument) {
      if (argument.name.value !== 'requires' || argument.value.kind !== 'StringValue') return;
      for (const match of argument.value.value.matchAll(/[_A-Za-z][_0-9A-Za-z]*/g)) names.add(match[0]);
    },
  });
  return names;
}

/** The key fields of each entity type, from every @join__type(key:): an entity's seed, the same in every fetch that asks about it. */
function keyFields(supergraphSdl: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  visit(parse(supergraphSdl), {
    ObjectTypeDefinition(type) {
      for (const directive of type.directives ?? []) {
        const key = directive.arguments?.find((argument) => argument.name.value === 'key')?.value;
        if (directive.name.value !== 'join__type' || key?.kind !== 'StringValue') continue;
        const names = keys.get(type.name.value) ?? [];
        for (const match of key.value.matchAll(/[_A-Za-z][_0-9A-Za-z]*/g))
          if (!names.includes(match[0])) names.push(match[0]);
        keys.set(type.name.value, names);
      }
    },
  });
  return keys;
}

function resolver(
  schema: GraphQLSchema,
  mode: PartnerMode,
  neverNull: Set<string>,
  keys: Map<string, string[]>,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, _context, info) => {
    if (info.fieldName === '_entities')
      return (args.representations as Record<string, unknown>[]).map((representation) => entity(representation, keys));
    const parent = (source ?? {}) as Record<string | symbol, unknown>;
    if (Object.hasOwn(parent, info.fieldName)) return parent[info.fieldName];
    // `years` only narrows a contribution to part of itself (gateway/execution/narrow-years.ts, which
    // our engine fills in and @apollo/gateway does not); these partners have no years to cut, so it
    // must not change what they make up.
    const { years: _narrowing, ...seeded } = args;
    const seed = `${(parent[SEED] as string | undefined) ?? 'root'}/${info.fieldName}(${JSON.stringify(seeded)})`;
    const roll = hash(seed);
    for (const [name, value] of Object.entries(args)) {
      if (typeof value === 'number' && value < 0)
        throw new GraphQLError(`${name} must not be negative, not ${value}.`, {
          extensions: { code: ErrorCode.BadUserInput, argument: name },
        });
    }
    if (mode === 'refusing' && roll % 5 === 0)
      throw new GraphQLError(`This consumer may not read ${info.parentType.name}.${info.fieldName} for this purpose.`, {
        extensions: { code: ErrorCode.Forbidden },
      });
    if (mode === 'erroring' && roll % 4 === 0)
      throw new GraphQLError('The partner could not compute this field.', {
        extensions: { code: ErrorCode.BadUserInput },
      });
    const first = typeof args.first === 'number' ? args.first : undefined;
    return value(schema, info.returnType, seed, !neverNull.has(info.fieldName), first);
  };
}

/** An entity answer: its representation's own fields (keys, @requires inputs) and a seed from its key; null when an input is missing. */
function entity(representation: Record<string, unknown>, keys: Map<string, string[]>): Mock | null {
  if (JSON.stringify(representation).includes('null')) return null;
  const typename = String(representation.__typename);
  const key = (keys.get(typename) ?? []).map((name) => representation[name]);
  return { ...representation, [SEED]: `${typename}${JSON.stringify(key)}` } as Mock;
}

function value(
  schema: GraphQLSchema,
  type: GraphQLOutputType,
  seed: string,
  mayBeNull: boolean,
  first?: number,
): unknown {
  const roll = hash(seed);
  if (!isNonNullType(type) && mayBeNull && roll % 11 === 0) return null;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const length = Math.min(roll % 4, first ?? 3);
    return Array.from({ length }, (_, index) => value(schema, inner.ofType, `${seed}[${index}]`, mayBeNull));
  }
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[roll % named.getValues().length]?.name;
  if (isAbstractType(named)) {
    const possible = schema.getPossibleTypes(named);
    return { [SEED]: seed, __typename: possible[roll % possible.length]?.name } as Mock;
  }
  if (isObjectType(named)) return { [SEED]: seed, __typename: named.name } as Mock;
  switch (named.name) {
    case 'Int':
      return (roll % 2000) - 10;
    case 'Float':
      return (roll % 10000) / 100;
    case 'Boolean':
      return roll % 2 === 0;
    case 'ID':
      return `id-${roll % 97}`;
    default:
      return `${named.name.toLowerCase()}-${roll % 89}`;
  }
}
