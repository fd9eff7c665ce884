import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  Kind,
  parse,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
  type ValueNode,
} from 'graphql';
import { documentId } from '@buurtgraaf/protocol';
import { parsePath, type Path } from './paths';
import { SERIES_BASE, seriesDataset } from './series/dataset';
import { definitionSchema, NAME, RESERVED_PARAMETERS, type Column, type Dataset } from './definition';

/**
 * A dataset is a trusted GraphQL document (schema/documents/) plus a small JSON mapping
 * (schema/datasets/<name>.json) from result paths to columns. Both are checked against each other
 * at start-up: a column that reads a field the document does not select, a parameter the document
 * does not declare or a document missing from the trusted manifest stops the gateway, as a bad
 * policy file stops a partner.
 */
export type { Column, Coverage, Dataset, Parameter, Source } from './definition';
export { RESERVED_PARAMETERS } from './definition';

/** Loads every `*.json` in `dir`; throws one error naming every problem. */
export function loadDatasets(dir: string, trustedDocuments: ReadonlyMap<string, string>): Map<string, Dataset> {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const problems: string[] = [];
  const datasets = new Map<string, Dataset>();
  for (const file of files) {
    try {
      const dataset = loadDataset(join(dir, file), trustedDocuments);
      datasets.set(dataset.name, dataset);
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  const base = datasets.get(SERIES_BASE);
  if (base) {
    try {
      const series = seriesDataset(base, resolve(dir, '..', 'documents'), trustedDocuments);
      if (series) datasets.set(series.name, series);
    } catch (error) {
      problems.push(`the series of ${SERIES_BASE}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0)
    throw new Error(`Datasets in ${dir} are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return datasets;
}

export function loadDataset(file: string, trustedDocuments: ReadonlyMap<string, string>): Dataset {
  const name = basename(file, '.json');
  if (!NAME.test(name))
    throw new Error(`the file name must be lower-case words with dashes, like neighbourhood-indicators.json`);
  const parsed = definitionSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const definition = parsed.data;
  const documentFile = resolve(file, '..', definition.document);
  const body = readFileSync(documentFile, 'utf8');
  if (!trustedDocuments.has(documentId(body)))
    throw new Error(`${definition.document} is not in the trusted documents manifest; run npm run documents`);
  const operation = singleQuery(body);
  const connection = connectionOf(operation, definition.connection);
  const nodes = connection.get('nodes') ?? fail(`the connection ${definition.connection} must select nodes`);
  const problems: string[] = [];
  const check = (what: string, run: () => void) => {
    try {
      run();
    } catch (error) {
      problems.push(`${what}: ${(error as Error).message}`);
    }
  };

  const parameterNames = definition.parameters.map((parameter) => parameter.name);
  const variables = new Map(operation.variableDefinitions?.map((v) => [v.variable.name.value, v]) ?? []);
  for (const parameter of definition.parameters) {
    check(`parameter ${parameter.name}`, () => {
      if (RESERVED_PARAMETERS.includes(parameter.name))
        fail(`the name is reserved (${RESERVED_PARAMETERS.join(', ')})`);
      const variable = variables.get(parameter.name) ?? fail('the document declares no such variable');
      const graphqlType = namedType(variable.type);
      const expected = parameter.type === 'integer' ? ['Int'] : ['ID', 'String'];
      if (!expected.includes(graphqlType)) fail(`a ${parameter.type} parameter cannot fill a ${graphqlType} variable`);
      if (parameter.pattern !== undefined) new RegExp(parameter.pattern);
    });
  }
  for (const [variable, definitionNode] of variables) {
    const mandatory = definitionNode.type.kind === Kind.NON_NULL_TYPE && !definitionNode.defaultValue;
    const parameter = definition.parameters.find((p) => p.name === variable);
    if (mandatory && variable !== 'first' && !parameter?.required)
      problems.push(`variable $${variable} is required by the document, so its parameter must be required`);
  }

  let unnest: Dataset['unnest'] = null;
  let itemTree: Tree | null = null;
  if (definition.unnest) {
    const { key, keys } = definition.unnest;
    check('unnest', () => {
      const path = parsePath(definition.unnest?.path ?? '');
      if (path.root !== 'node') fail('the path must start at the node');
      itemTree = walk(nodes, path);
      // A key may be a field of a field (corporation.id).
      if (!key.split('.').reduce<Tree | undefined>((tree, field) => tree?.get(field), itemTree))
        fail(`the items have no field ${key} in the document`);
      unnest = { path, key, keys: keys ?? null };
    });
  }

  const columnNames = definition.columns.map((column) => column.name);
  const columns: Column[] = [];
  for (const column of definition.columns) {
    check(`column ${column.name}`, () => {
      if (columnNames.indexOf(column.name) !== columnNames.lastIndexOf(column.name)) fail('the name is used twice');
      const path = parsePath(column.path);
      if (path.root === 'node') walk(nodes, path, column.suppressedWhen);
      if (path.root === 'item') walk(itemTree ?? fail('$item needs unnest'), path, column.suppressedWhen);
      if (path.root === 'key' && !unnest) fail('$key needs unnest');
      if (path.root === 'param' && !parameterNames.includes(path.steps[0]?.field ?? ''))
        fail(`${column.path} is not a parameter of this dataset`);
      if (column.suppressedWhen !== undefined && column.type !== 'status')
        fail('only a status column has suppressedWhen');
      for (const other of [...(column.statusOf ?? []), ...(column.sourceColumn ? [column.sourceColumn] : [])]) {
        if (!columnNames.includes(other)) fail(`names a column ${other} this dataset does not have`);
      }
      columns.push({ ...column, path });
    });
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  return {
    name,
    title: definition.title,
    description: definition.description,
    rowsPer: definition.rowsPer,
    operationName: operation.name?.value ?? '',
    document: body,
    connection: definition.connection,
    unnest,
    parameters: definition.parameters,
    columns,
    sources: definition.sources,
    coverage: definition.coverage ?? null,
  };
}

/** Response keys selected at one level, each with what is selected below it (empty for a leaf). */
type Tree = Map<string, Tree>;

function treeOf(selectionSet: SelectionSetNode | undefined): Tree {
  const tree: Tree = new Map();
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind !== Kind.FIELD) fail('dataset documents select plain fields only, without fragments');
    tree.set(selection.alias?.value ?? selection.name.value, treeOf(selection.selectionSet));
  }
  return tree;
}

/** Follows `path` through what the document selects; returns the tree at its end. */
function walk(tree: Tree, path: Path, alsoField?: string): Tree {
  let current = tree;
  for (const step of path.steps) {
    current = current.get(step.field) ?? fail(`${path.text}: the document does not select ${step.field} there`);
    if (step.select && 'field' in step.select && !current.has(step.select.field))
      fail(`${path.text}: the document does not select ${step.select.field} in ${step.field}`);
  }
  if (alsoField !== undefined && !current.has(alsoField))
    fail(`${path.text}: the document does not select ${alsoField} there`);
  return current;
}

function singleQuery(body: string): OperationDefinitionNode {
  const definitions = parse(body).definitions;
  const operation = definitions[0];
  if (
    definitions.length !== 1 ||
    operation?.kind !== Kind.OPERATION_DEFINITION ||
    operation.operation !== 'query' ||
    !operation.name
  ) {
    fail('the document must hold exactly one named query');
  }
  return operation;
}

/** The selection under the connection field; checks it pages with $first and $after. */
function connectionOf(operation: OperationDefinitionNode, name: string): Tree {
  const field = operation.selectionSet.selections.find(
    (s) => s.kind === Kind.FIELD && (s.alias?.value ?? s.name.value) === name,
  );
  if (!field || field.kind !== Kind.FIELD) fail(`the document has no top-level field ${name}`);
  const variableOf = (argument: string) => {
    const value: ValueNode | undefined = field.arguments?.find((a) => a.name.value === argument)?.value;
    return value?.kind === Kind.VARIABLE ? value.name.value : undefined;
  };
  if (variableOf('first') !== 'first' || variableOf('after') !== 'after')
    fail(`${name} must be called with first: $first and after: $after`);
  const tree = treeOf(field.selectionSet);
  if (!tree.has('totalCount') || !tree.get('pageInfo')?.has('hasNextPage') || !tree.get('pageInfo')?.has('endCursor')) {
    fail(`${name} must select totalCount and pageInfo { hasNextPage endCursor }`);
  }
  return tree;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function fail(message: string): never {
  throw new Error(message);
}
