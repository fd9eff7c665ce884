import type { Dataset } from './datasets';
import { STATUS_VALUES } from './rows';
import { FORMATS } from './writers';

/**
 * GET /bi/v1/catalogue: what a BI user needs to pick a dataset and build its URL. URLs are
 * relative to the gateway (they start with the mount path, e.g. /bi/v1): the gateway never builds
 * absolute URLs from the Host header, which the client controls.
 */
export function catalogue(datasets: Iterable<Dataset>, basePath: string) {
  return {
    version: 'v1',
    authentication: {
      headers: {
        'x-api-key': 'your API key (or Authorization: Bearer <jwt>); never in the URL',
        'x-purpose': 'why you ask: one of the purposes your consumer may use',
      },
      purposeQueryParameter: 'purpose: for tools that cannot set a second header; the same value as x-purpose',
    },
    formats: {
      csv: 'RFC 4180, UTF-8, header row, comma-separated, CRLF line ends, decimal point.',
      'csv?delimiter=semicolon':
        'For Excel set to Dutch: semicolon-separated, decimal comma, starts with a UTF-8 byte order mark.',
      jsonl: 'JSON Lines: one JSON object per row, one row per line.',
      json: 'One JSON array of row objects.',
    },
    completeness:
      'A complete export ends normally and carries the HTTP trailer X-Buurtgraaf-Complete: true. An export that fails after it started is cut off: the connection closes without the final chunk (every HTTP client reports a truncated transfer), the last line is deliberately unparseable, and a JSON array never gets its closing bracket.',
    statusValues: STATUS_VALUES,
    datasets: [...datasets].map((dataset) => describe(dataset, basePath)),
  };
}

function describe(dataset: Dataset, basePath: string) {
  const names = dataset.parameters.map((parameter) => parameter.name);
  const template = (format: string) => `${basePath}/${dataset.name}.${format}{?${[...names, 'purpose'].join(',')}}`;
  const example = new URLSearchParams(
    dataset.parameters
      .filter((parameter) => parameter.example !== undefined)
      .map((parameter) => [parameter.name, String(parameter.example)]),
  ).toString();
  return {
    name: dataset.name,
    title: dataset.title,
    description: dataset.description,
    rowsPer: dataset.rowsPer,
    operation: dataset.operationName,
    sources: dataset.sources,
    parameters: dataset.parameters.map(({ name, type, description, required, pattern, minimum, maximum, example }) => ({
      name,
      type,
      required,
      description,
      ...(pattern !== undefined ? { pattern } : {}),
      ...(minimum !== undefined ? { minimum } : {}),
      ...(maximum !== undefined ? { maximum } : {}),
      ...(example !== undefined ? { example } : {}),
    })),
    columns: dataset.columns.map(({ name, type, description, unit, owner, statusOf, sourceColumn }) => ({
      name,
      type,
      description,
      ...(unit !== undefined ? { unit } : {}),
      ...(owner !== undefined ? { owner } : {}),
      ...(statusOf !== undefined ? { statusOf } : {}),
      ...(sourceColumn !== undefined ? { sourceColumn } : {}),
    })),
    urlTemplates: Object.fromEntries([
      ...FORMATS.map((format) => [format, template(format)]),
      ['csv-semicolon', template('csv').replace('{?', '?delimiter=semicolon{&')],
    ]),
    example: `${basePath}/${dataset.name}.csv${example ? `?${example}` : ''}`,
  };
}
