import { Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import type { RequestContext } from '@buurtgraaf/protocol';
import { postGraphQL, type GraphQLResponse } from '../helpers/http';
import { partnersOfKind } from '../../schema/subgraphs';

// How the gateway asks a subgraph for fields of entities it got from another partner.

export type AreaType = 'Neighbourhood' | 'District' | 'Municipality';

export function representations(typename: AreaType, codes: readonly string[]) {
  return codes.map((code) => ({ __typename: typename, code }));
}

/**
 * One `_entities` request; `selection` is the inline fragment's body for every area type asked
 * for. Signed as the gateway would, for the analyst unless another caller's `context` is given.
 */
export function fetchEntities(
  url: string,
  reps: readonly Record<string, unknown>[],
  selection: string,
  context?: RequestContext,
): Promise<GraphQLResponse> {
  const types = [...new Set(reps.map((rep) => String(rep.__typename)))];
  const fragments = types.map((type) => `... on ${type} { ${selection} }`).join(' ');
  return postGraphQL(
    url,
    {
      query: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ${fragments} } }`,
      variables: { representations: reps },
    },
    {},
    context,
  );
}

/** The subgraph's own SDL, as the composition step reads it. */
export async function fetchSdl(url: string): Promise<string> {
  const { data, errors } = await postGraphQL(url, { query: '{ _service { sdl } }' });
  if (errors || typeof data?._service?.sdl !== 'string') throw new Error(`No SDL: ${JSON.stringify(errors)}`);
  return data._service.sdl;
}

/** The error codes of a response, for assertions that read like what a client sees. */
export const errorCodes = (response: GraphQLResponse) => (response.errors ?? []).map((error) => error.extensions?.code);

/** The object types an SDL defines or extends, each with its field names. */
export function objectTypes(sdl: string): Map<string, string[]> {
  const types = new Map<string, string[]>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const node = definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
    const fields = (node.fields ?? []).map((field) => field.name.value);
    types.set(node.name.value, [...(types.get(node.name.value) ?? []), ...fields]);
  }
  return types;
}

/** The root query fields an SDL offers, sorted. */
export const queryFields = (sdl: string) => [...(objectTypes(sdl).get('Query') ?? [])].sort();

/** The partners of one kind in schema/partners.json, each with the field it answers under (care_stadszorg). */
export const partnersOf = (kind: 'housing' | 'care') =>
  partnersOfKind(kind).map((entry) => ({ id: entry.name, field: entry.partnerField }));

/** A care provider's own field with its whole series (every year and target group); the combiner reads the same as `figures`. */
export const careSeries = (
  field: string,
  figures = 'year targetGroup clients waitingList suppressed waitingListSuppressed source',
) => `${field} { series { ${figures} } }`;

/** A housing corporation's own field with its whole series, as the combiner reads it. */
export const housingSeries = (
  field: string,
  figures = 'year dwellings stepFree careSuitable vacant averageWaitingMonths source',
) => `${field} { series { ${figures} } }`;

/** The statements a subgraph ran for its data: not the signature nonce it claims per request on PostgreSQL (kit/trust/nonces.ts). */
export const dataStatements = (statements: readonly string[]) =>
  statements.filter((sql) => !sql.includes('signature_nonce'));
