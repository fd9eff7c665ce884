import {
  GraphQLError,
  isAbstractType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { isIncluded, type Conditions } from './conditions';

/**
 * Turns the merged partner data into the answer the client asked for: its fields in its order,
 * only what it selected, values checked against the API schema, and a null in a non-null field
 * nulling the nearest nullable parent as the GraphQL spec says. Compiled once per operation and
 * object type, so a whole-country answer walks plain arrays instead of re-reading the document
 * per object, which is what made @apollo/gateway's `computeResponse` the largest cost of a bulk
 * request (bench/README.md).
 */
export interface Shaped {
  data: Record<string, unknown> | null;
  /** Problems in what the partners sent (a null where the schema promises a value, a bad enum). */
  errors: GraphQLError[];
}

type Path = (string | number)[];
const BUBBLE = Symbol('null bubbles up');

interface FieldShape {
  responseName: string;
  /** __typename: answered from the runtime type, never from partner data. */
  isTypename: boolean;
  /** A response name Object.prototype also has (`constructor`, `toString`): read as an own property only. */
  shadowsPrototype: boolean;
  type: GraphQLOutputType;
  coordinate: string;
  nodes: FieldNode[];
  /** The sub-selection per runtime object type, compiled on first use. */
  children: Map<string, FieldShape[]>;
}

export class Shaper {
  private readonly root: FieldShape[];
  private readonly rootName: string;
  private readonly enumValues = new Map<string, Set<string>>();

  constructor(
    private readonly schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly conditions: Conditions,
  ) {
    const rootType = schema.getQueryType();
    if (!rootType) throw new Error('The API schema has no Query type');
    this.rootName = rootType.name;
    this.root = this.compile(rootType, [operation.selectionSet]);
  }

  shape(input: Record<string, unknown>): Shaped {
    const errors: GraphQLError[] = [];
    const data = this.object(input, this.root, this.rootName, [], errors);
    return { data: data === BUBBLE ? null : data, errors };
  }

  private object(
    input: Record<string, unknown>,
    fields: FieldShape[],
    typename: string,
    path: Path,
    errors: GraphQLError[],
  ): Record<string, unknown> | typeof BUBBLE {
    const output: Record<string, unknown> = {};
    for (const field of fields) {
      if (field.isTypename) {
        output[field.responseName] = typename;
        continue;
      }
      path.push(field.responseName);
      const value = this.complete(
        (field.shadowsPrototype && !Object.hasOwn(input, field.responseName) ? null : input[field.responseName]) ??
          null,
        field.type,
        field,
        path,
        errors,
      );
      path.pop();
      if (value === BUBBLE) return BUBBLE;
      output[field.responseName] = value;
    }
    return output;
  }

  private complete(
    value: unknown,
    type: GraphQLOutputType,
    field: FieldShape,
    path: Path,
    errors: GraphQLError[],
  ): unknown {
    if (isNonNullType(type)) {
      const reported = errors.length;
      const completed = this.complete(value, type.ofType, field, path, errors);
      // A value already reported as invalid is not reported again for being null.
      if (completed === null && errors.length === reported)
        errors.push(
          new GraphQLError(`Cannot return null for non-nullable field ${field.coordinate}.`, { path: [...path] }),
        );
      return completed === null || completed === BUBBLE ? BUBBLE : completed;
    }
    if (value === null) return null;
    if (isListType(type)) {
      if (!Array.isArray(value)) return this.invalid(field, path, errors);
      const list = new Array<unknown>(value.length);
      for (let index = 0; index < value.length; index += 1) {
        path.push(index);
        const item = this.complete(value[index] ?? null, type.ofType, field, path, errors);
        path.pop();
        if (item === BUBBLE) return null;
        list[index] = item;
      }
      return list;
    }
    if (isLeafType(type)) return this.isValidLeaf(value, type) ? value : this.invalid(field, path, errors);
    if (typeof value !== 'object') return this.invalid(field, path, errors);
    const object = value as Record<string, unknown>;
    const runtime = typeof object.__typename === 'string' ? this.schema.getType(object.__typename) : type;
    // A partner's __typename must be a type this field can hold (not a Municipality where a Neighbourhood goes).
    if (!isObjectType(runtime) || !this.canHold(type, runtime)) return this.invalid(field, path, errors);
    let children = field.children.get(runtime.name);
    if (!children)
      field.children.set(
        runtime.name,
        (children = this.compile(
          runtime,
          field.nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])),
        )),
      );
    const shaped = this.object(object, children, runtime.name, path, errors);
    return shaped === BUBBLE ? null : shaped;
  }

  private canHold(type: GraphQLOutputType, runtime: GraphQLObjectType): boolean {
    return type === runtime || (isAbstractType(type) && this.schema.isSubType(type, runtime));
  }

  private invalid(field: FieldShape, path: Path, errors: GraphQLError[]): null {
    errors.push(new GraphQLError(`Invalid value found for field ${field.coordinate}.`, { path: [...path] }));
    return null;
  }

  private isValidLeaf(value: unknown, type: GraphQLLeafType): boolean {
    if (isEnumType(type)) {
      let values = this.enumValues.get(type.name);
      if (!values) this.enumValues.set(type.name, (values = new Set(type.getValues().map((entry) => entry.name))));
      return typeof value === 'string' && values.has(value);
    }
    switch (type.name) {
      case 'Int':
        return Number.isInteger(value);
      case 'Float':
        return typeof value === 'number' && Number.isFinite(value);
      case 'String':
        return typeof value === 'string';
      case 'Boolean':
        return typeof value === 'boolean';
      case 'ID':
        return typeof value === 'string' || Number.isInteger(value);
      default:
        return true; // custom scalars: the owning partner's serialisation is the contract
    }
  }

  /** The fields selected on `type`, merged by response name in document order (GraphQL's CollectFields). */
  private compile(type: GraphQLObjectType, selectionSets: SelectionSetNode[]): FieldShape[] {
    const byName = new Map<string, FieldShape>();
    const visited = new Set<string>();
    const collect = (selectionSet: SelectionSetNode) => {
      for (const selection of selectionSet.selections) {
        if (!isIncluded(selection, this.conditions)) continue;
        if (selection.kind === Kind.FIELD) {
          const responseName = selection.alias?.value ?? selection.name.value;
          const existing = byName.get(responseName);
          if (existing) existing.nodes.push(selection);
          else byName.set(responseName, this.fieldShape(type, selection, responseName));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.applies(selection.typeCondition?.name.value, type)) collect(selection.selectionSet);
        } else if (!visited.has(selection.name.value)) {
          visited.add(selection.name.value);
          const fragment = this.fragments[selection.name.value];
          if (fragment && this.applies(fragment.typeCondition.name.value, type)) collect(fragment.selectionSet);
        }
      }
    };
    selectionSets.forEach(collect);
    return [...byName.values()];
  }

  private fieldShape(type: GraphQLObjectType, node: FieldNode, responseName: string): FieldShape {
    const isTypename = node.name.value === '__typename';
    const definition: GraphQLField<unknown, unknown> | undefined = type.getFields()[node.name.value];
    if (!isTypename && !definition) throw new Error(`${type.name}.${node.name.value} is not in the API schema`);
    // Plain objects keep JSON.stringify fast; this one alias would set their prototype instead (engine.ts sends it to the stock executor).
    if (responseName === '__proto__') throw new Error('The alias __proto__ cannot be shaped here');
    return {
      responseName,
      isTypename,
      shadowsPrototype: responseName in Object.prototype,
      type: definition?.type as GraphQLOutputType,
      coordinate: `${type.name}.${node.name.value}`,
      nodes: [node],
      children: new Map(),
    };
  }

  private applies(condition: string | undefined, type: GraphQLObjectType): boolean {
    if (!condition || condition === type.name) return true;
    const abstract = this.schema.getType(condition);
    return isAbstractType(abstract) && this.schema.isSubType(abstract, type);
  }
}
