import type { Column, Dataset, Parameter } from '../datasets';

/** The OData view of one dataset: an entity set whose properties are the CSV's columns, by the same names. */
export interface EntitySet {
  /** PascalCase of the dataset name (OData identifiers have no dashes): neighbourhood-indicators is NeighbourhoodIndicators. */
  name: string;
  typeName: string;
  dataset: Dataset;
  properties: Property[];
  /** Property names that together tell rows apart. */
  key: string[];
  /** Each dataset parameter and the property that `$filter` sets it through. */
  filters: Filter[];
}

export interface Property {
  name: string;
  type: 'Edm.String' | 'Edm.Int32' | 'Edm.Double';
  nullable: boolean;
  column: Column;
}

export interface Filter {
  property: Property;
  parameter: Parameter;
}

export const NAMESPACE = 'Buurtgraaf';

const EDM_TYPES = { string: 'Edm.String', integer: 'Edm.Int32', decimal: 'Edm.Double', status: 'Edm.String' } as const;

/**
 * Builds the entity sets once at start-up. A parameter that no column shows cannot be set through
 * `$filter`, so a dataset with such a required parameter could never be read: it stops the gateway,
 * as a bad dataset mapping does.
 */
export function entitySets(datasets: Iterable<Dataset>): Map<string, EntitySet> {
  const sets = new Map<string, EntitySet>();
  for (const dataset of datasets) {
    const name = dataset.name
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join('');
    const key = keyColumns(dataset);
    const properties: Property[] = dataset.columns.map((column) => ({
      name: column.name,
      type: EDM_TYPES[column.type],
      // A status column always says something; a key must not be null by OData's rules.
      nullable: column.type !== 'status' && !key.includes(column.name),
      column,
    }));
    const filters = dataset.parameters.map((parameter) => {
      const property = filterPropertyOf(parameter, properties);
      if (!property)
        throw new Error(
          `Dataset ${dataset.name}: no column shows parameter ${parameter.name} (a $param.${parameter.name} column or one named ${parameter.name}_code), so the OData feed cannot filter on it`,
        );
      return { property, parameter };
    });
    sets.set(name, { name, typeName: `${name}Row`, dataset, properties, key, filters });
  }
  return sets;
}

/** The parameter's own value as a column ($param.year), or the code column of the area it names (municipality_code). */
function filterPropertyOf(parameter: Parameter, properties: Property[]): Property | undefined {
  return (
    properties.find(({ column }) => column.path.root === 'param' && column.path.steps[0]?.field === parameter.name) ??
    properties.find((property) => property.name === `${parameter.name}_code`) ??
    properties.find((property) => property.name === parameter.name)
  );
}

/**
 * A row is one node (its first column, the neighbourhood code) in one setting of the parameters
 * shown as columns (the year), and with unnest one item of the node (its `$key` column).
 */
function keyColumns(dataset: Dataset): string[] {
  // A series row is one area in one year.
  if (dataset.series) return ['area_code', 'year'];
  const [first] = dataset.columns;
  const rest = dataset.columns.filter(
    (column) => column !== first && (column.path.root === 'param' || column.path.root === 'key'),
  );
  return [first, ...rest].flatMap((column) => (column ? [column.name] : []));
}
