import { join } from 'node:path';
import { loadDatasets } from '../../../gateway/bi/datasets';
import { dcatCatalogue } from '../../../gateway/bi/dcat';
import { loadTrustedDocuments } from '../../../gateway/trust/trusted-documents';

// The committed dataset definitions and trusted documents, read from disk: no server, no database.
const SCHEMA = join(__dirname, '..', '..', '..', 'schema');
const datasets = loadDatasets(join(SCHEMA, 'datasets'), loadTrustedDocuments(join(SCHEMA, 'trusted-documents.json')));
const paths = { bi: '/bi/v1', odata: '/bi/odata/v4' };
type Described = { '@id': string; 'dcat:dataset': { 'dcat:contactPoint': Record<string, unknown> }[] };

describe("the DCAT description's operator settings", () => {
  test('when neither a public URL nor a contact address is set, then the IRIs are relative and the contact point has only a URL', () => {
    const catalogue = dcatCatalogue(datasets.values(), paths) as Described;
    expect(catalogue['@id']).toBe('/bi/v1/catalogue.jsonld');
    for (const dataset of catalogue['dcat:dataset'])
      expect(dataset['dcat:contactPoint']).toEqual({
        '@type': 'vcard:Organization',
        'vcard:fn': 'Buurtgraaf federation',
        'vcard:hasURL': { '@id': '/bi/v1/catalogue' },
      });
  });

  test('when GATEWAY_PUBLIC_URL and GATEWAY_CONTACT_EMAIL are set, then the IRIs are absolute and every contact point has the address as a mailto IRI', () => {
    const catalogue = dcatCatalogue(datasets.values(), paths, {
      publicUrl: 'https://buurtgraaf.example.nl',
      contactEmail: 'data@gemeente.example.nl',
    }) as Described;
    expect(catalogue['@id']).toBe('https://buurtgraaf.example.nl/bi/v1/catalogue.jsonld');
    expect(catalogue['dcat:dataset'].length).toBe(datasets.size);
    for (const dataset of catalogue['dcat:dataset'])
      expect(dataset['dcat:contactPoint']).toMatchObject({
        'vcard:hasURL': { '@id': 'https://buurtgraaf.example.nl/bi/v1/catalogue' },
        'vcard:hasEmail': { '@id': 'mailto:data@gemeente.example.nl' },
      });
  });
});
