import { areaMismatch } from './areas';
import { RESERVED_PARAMETERS, type Dataset } from './datasets';
import type { Delimiter, Format } from './writers';

export type Params = Record<string, string | number | null>;
export type Parsed = { ok: true; params: Params; delimiter: Delimiter } | { ok: false; message: string };

/** Names under which a key would end up in URLs, proxy logs and BI tools' history. */
const SECRET_NAMES = /^(x-)?(api[-_]?key|key|token|access[-_]?token|jwt|bearer)$/i;

export const secretInQuery = (query: Record<string, unknown>) =>
  Object.keys(query).find((name) => SECRET_NAMES.test(name));

/**
 * Checks the query string of a dataset request against the dataset's parameters. Unknown names
 * are refused (a typo such as `?muncipality=` must not silently export the whole country), as
 * are repeated ones. `purpose` is read by the authentication step; `delimiter` only applies to CSV.
 */
export function parseParameters(dataset: Dataset, query: Record<string, unknown>, format: Format): Parsed {
  const known = dataset.parameters.map((parameter) => parameter.name);
  const allowed = `${[...known, 'purpose', ...(format === 'csv' ? ['delimiter'] : [])].join(', ')}`;
  const problems: string[] = [];
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      problems.push(`Give ${name} once.`);
      return undefined;
    }
    return value;
  };
  for (const name of Object.keys(query)) {
    if (!known.includes(name) && !RESERVED_PARAMETERS.includes(name))
      problems.push(`Unknown parameter "${name}"; this dataset takes: ${allowed}.`);
  }
  for (const name of ['first', 'after'])
    if (query[name] !== undefined) problems.push(`"${name}" is not a parameter: the gateway pages for you.`);

  let delimiter: Delimiter = 'comma';
  const wanted = single('delimiter');
  if (wanted !== undefined) {
    if (format !== 'csv') problems.push('delimiter only applies to .csv.');
    else if (wanted === 'comma' || wanted === 'semicolon') delimiter = wanted;
    else problems.push('delimiter must be comma or semicolon.');
  }

  const params: Params = {};
  for (const parameter of dataset.parameters) {
    const raw = single(parameter.name);
    if (raw === undefined || raw === '') {
      if (parameter.required) problems.push(`${parameter.name} is required: ${parameter.description}`);
      params[parameter.name] = null;
      continue;
    }
    if (parameter.type === 'integer') {
      const value = /^-?\d{1,9}$/.test(raw) ? Number(raw) : NaN;
      const tooLow = parameter.minimum !== undefined && value < parameter.minimum;
      const tooHigh = parameter.maximum !== undefined && value > parameter.maximum;
      if (Number.isNaN(value) || tooLow || tooHigh)
        problems.push(
          `${parameter.name} must be a whole number${range(parameter.minimum, parameter.maximum)}, got "${raw}".`,
        );
      params[parameter.name] = value;
    } else {
      if (parameter.pattern !== undefined && !new RegExp(`^(?:${parameter.pattern})$`).test(raw)) {
        problems.push(`"${raw}" is not a valid ${parameter.name}: ${parameter.description}`);
      }
      params[parameter.name] = raw;
    }
  }
  if (problems.length === 0) {
    const mismatch = areaMismatch(params);
    if (mismatch) problems.push(mismatch);
  }
  return problems.length > 0 ? { ok: false, message: problems.join(' ') } : { ok: true, params, delimiter };
}

function range(minimum?: number, maximum?: number): string {
  if (minimum !== undefined && maximum !== undefined) return ` from ${minimum} to ${maximum}`;
  if (minimum !== undefined) return ` of at least ${minimum}`;
  if (maximum !== undefined) return ` of at most ${maximum}`;
  return '';
}
