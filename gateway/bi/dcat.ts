import type { Column, Dataset, Source } from './datasets';

/**
 * GET /bi/v1/catalogue.jsonld: the datasets described in DCAT-AP (and the fields DCAT-AP-NL asks
 * for), in JSON-LD, without a key, so that a municipality's data catalogue can harvest what there
 * is without being able to read any of it. Metadata only: no figure leaves through here.
 * The context is inline, so no harvester has to fetch one. IRIs are relative to this document
 * (JSON-LD resolves them against its URL) unless `publicUrl` (GATEWAY_PUBLIC_URL) is set: the
 * gateway never builds absolute URLs from the Host header, which the client controls.
 */
const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  csvw: 'http://www.w3.org/ns/csvw#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};
const EU = 'http://publications.europa.eu/resource/authority';
/** DONL's value for data whose licence differs per column: the licence of each source is on the dataset's sources. */
const LICENCE_PER_SOURCE = 'http://standaarden.overheid.nl/owms/terms/licentieonbekend';
const PUBLISHER = {
  '@type': 'foaf:Agent',
  'foaf:name': 'Buurtgraaf federation (municipality, housing corporations, care providers)',
};
const DATATYPES: Record<Column['type'], string> = {
  string: 'xsd:string',
  status: 'xsd:string',
  integer: 'xsd:integer',
  decimal: 'xsd:decimal',
};
const FORMATS = [
  { suffix: 'csv', title: 'CSV (RFC 4180)', mediaType: 'text/csv', format: 'CSV' },
  { suffix: 'jsonl', title: 'JSON Lines', mediaType: 'application/jsonl', format: 'JSON' },
];
const id = (iri: string) => ({ '@id': iri });
const literal = (value: string, type: string) => ({ '@value': value, '@type': type });

export function dcatCatalogue(
  datasets: Iterable<Dataset>,
  paths: { bi: string; odata: string },
  { publicUrl, contactEmail }: { publicUrl?: string | undefined; contactEmail?: string | undefined } = {},
) {
  const at = (path: string) => (publicUrl ? new URL(path, publicUrl).href : path);
  const self = at(`${paths.bi}/catalogue.jsonld`);
  const service = at(`${paths.odata}/`);
  const all = [...datasets];
  return {
    '@context': CONTEXT,
    '@id': self,
    '@type': 'dcat:Catalog',
    'dct:title': 'Buurtgraaf BI datasets',
    'dct:description':
      'Neighbourhood, district and municipality figures of a federation of partners, joined on CBS area codes. Reading the data needs an API key and a declared purpose; this description does not.',
    'dct:publisher': PUBLISHER,
    'dct:language': id(`${EU}/language/ENG`),
    'foaf:homepage': id(at(`${paths.bi}/catalogue`)),
    'dcat:dataset': all.map((dataset) => describe(dataset, self, service, at, paths, contactEmail)),
    'dcat:service': {
      '@id': service,
      '@type': 'dcat:DataService',
      'dct:title': 'Buurtgraaf OData v4 feed',
      'dcat:endpointURL': id(service),
      'dcat:endpointDescription': id(at(`${paths.odata}/$metadata`)),
      'dct:conformsTo': id('http://docs.oasis-open.org/odata/odata/v4.0/'),
      'dct:accessRights': id(`${EU}/access-right/RESTRICTED`),
      'dcat:servesDataset': all.map((dataset) => id(`${self}#${dataset.name}`)),
    },
  };
}

function describe(
  dataset: Dataset,
  self: string,
  service: string,
  at: (path: string) => string,
  { bi, odata }: { bi: string; odata: string },
  contactEmail: string | undefined,
) {
  const iri = `${self}#${dataset.name}`;
  const coverage = dataset.coverage;
  const entitySet = dataset.name.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
  const distribution = (suffix: string, title: string, mediaType: string, format: string, extra: object) => ({
    '@id': `${iri}-${suffix}`,
    '@type': 'dcat:Distribution',
    'dct:title': `${dataset.title} (${title})`,
    'dcat:mediaType': id(`https://www.iana.org/assignments/media-types/${mediaType}`),
    'dct:format': id(`${EU}/file-type/${format}`),
    'dct:license': id(LICENCE_PER_SOURCE),
    'dct:rights': { '@type': 'dct:RightsStatement', 'dct:description': licenceSummary(dataset.sources) },
    ...extra,
  });
  return {
    '@id': iri,
    '@type': 'dcat:Dataset',
    'dct:identifier': dataset.name,
    'dct:title': dataset.title,
    'dct:description': `${dataset.description} One row per ${dataset.rowsPer}.`,
    'dct:publisher': PUBLISHER,
    'dcat:contactPoint': {
      '@type': 'vcard:Organization',
      'vcard:fn': 'Buurtgraaf federation',
      'vcard:hasURL': id(at(`${bi}/catalogue`)),
      ...(contactEmail ? { 'vcard:hasEmail': id(`mailto:${contactEmail}`) } : {}),
    },
    'dct:language': id(`${EU}/language/ENG`),
    'dcat:theme': id(`${EU}/data-theme/SOCI`),
    'dcat:keyword': ['CBS', 'wijken en buurten', 'neighbourhood', 'social housing', 'care'],
    'dct:accessRights': id(`${EU}/access-right/RESTRICTED`),
    ...(coverage
      ? {
          'dct:temporal': {
            '@type': 'dct:PeriodOfTime',
            'dcat:startDate': literal(`${coverage.fromYear}-01-01`, 'xsd:date'),
            'dcat:endDate': literal(`${coverage.toYear}-12-31`, 'xsd:date'),
          },
          'dct:spatial': [id(`${EU}/country/NLD`), { '@type': 'dct:Location', 'skos:prefLabel': coverage.spatial }],
          'dct:accrualPeriodicity': id(`${EU}/frequency/${coverage.frequency}`),
        }
      : {}),
    'dct:source': dataset.sources.map((source, index) => sourceNode(source, `${iri}-source-${index + 1}`)),
    'dcat:distribution': [
      ...FORMATS.map(({ suffix, title, mediaType, format }) =>
        distribution(suffix, title, mediaType, format, {
          'dcat:accessURL': id(at(`${bi}/${dataset.name}.${suffix}`)),
          ...(suffix === 'csv' ? { 'csvw:tableSchema': tableSchema(dataset) } : {}),
        }),
      ),
      distribution('odata', 'OData v4', 'application/json', 'JSON', {
        'dcat:accessURL': id(at(`${odata}/${entitySet}`)),
        'dcat:accessService': id(service),
      }),
    ],
  };
}

/** A source with its own licence: CBS figures are CC BY 4.0 ("Bron: CBS"), generated demo data is labelled so. */
function sourceNode(source: Source, iri: string) {
  return {
    '@id': iri,
    '@type': 'dcat:Dataset',
    'dct:title': source.name,
    'dct:description': source.appliesTo,
    ...(source.licenceUrl ? { 'dct:license': id(source.licenceUrl) } : {}),
    'dct:rights': { '@type': 'dct:RightsStatement', 'dct:description': source.licence },
    ...(source.attribution ? { 'dct:bibliographicCitation': source.attribution } : {}),
  };
}

const licenceSummary = (sources: Source[]) =>
  `Licence per source, told apart per row by the *_source columns: ${sources.map((s) => `${s.name}: ${s.licence}${s.attribution ? ` (credit "${s.attribution}")` : ''}`).join('; ')}.`;

function tableSchema(dataset: Dataset) {
  return {
    '@type': 'csvw:Schema',
    'csvw:column': dataset.columns.map((column) => ({
      '@type': 'csvw:Column',
      'csvw:name': column.name,
      'csvw:datatype': id(DATATYPES[column.type]),
      'dct:description': column.description,
    })),
  };
}
