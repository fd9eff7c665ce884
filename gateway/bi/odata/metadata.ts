import { NAMESPACE, type EntitySet } from './model';

const CONTAINER = 'Datasets';

/** CSDL XML (OData 4.0): what Power BI and Excel read to offer the tables and type their columns. */
export function metadataXml(sets: Iterable<EntitySet>): string {
  const all = [...sets];
  const types = all.map((set) => {
    const keys = set.key.map((name) => `<PropertyRef Name="${name}"/>`).join('');
    const properties = set.properties
      .map((p) => `<Property Name="${p.name}" Type="${p.type}" Nullable="${p.nullable}"/>`)
      .join('');
    return `<EntityType Name="${set.typeName}"><Key>${keys}</Key>${properties}</EntityType>`;
  });
  const entitySets = all.map((set) => `<EntitySet Name="${set.name}" EntityType="${NAMESPACE}.${set.typeName}"/>`);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">',
    '<edmx:DataServices>',
    `<Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="${NAMESPACE}">`,
    ...types,
    `<EntityContainer Name="${CONTAINER}">`,
    ...entitySets,
    '</EntityContainer>',
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}

/** The service document (GET on the service root): the entity sets, by URL relative to the root. */
export function serviceDocument(sets: Iterable<EntitySet>) {
  return {
    '@odata.context': '$metadata',
    value: [...sets].map((set) => ({ name: set.name, kind: 'EntitySet', url: set.name, title: set.dataset.title })),
  };
}
