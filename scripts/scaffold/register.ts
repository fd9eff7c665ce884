import { readFileSync, writeFileSync } from 'node:fs';
import { readPartners } from '../../schema/subgraphs';
import { ScaffoldError } from './scaffold';

export interface NewPartner {
  id: string;
  kind: string;
  name: string;
  port: number;
  areas?: string[];
}

/**
 * Adds a partner to schema/partners.json, the one list the composition, `npm start`, the
 * gateway, loads, deploy and the tests read. The file is read as JSON and written back as JSON;
 * the result is checked by the same rules as at start-up, and nothing is written if it fails.
 */
export function registerPartner(partnersFile: string, partner: NewPartner): void {
  const document = JSON.parse(readFileSync(partnersFile, 'utf8')) as { partners: NewPartner[] };
  if (document.partners.some((entry) => entry.id === partner.id))
    throw new ScaffoldError(`${partner.id} is already a partner in ${partnersFile}.`);
  document.partners.push({
    id: partner.id,
    kind: partner.kind,
    name: partner.name,
    port: partner.port,
    ...(partner.areas ? { areas: partner.areas } : {}),
  });
  const text = `${JSON.stringify(document, null, 2)}\n`;
  const previous = readFileSync(partnersFile, 'utf8');
  writeFileSync(partnersFile, text);
  try {
    readPartners(partnersFile);
  } catch (error) {
    writeFileSync(partnersFile, previous);
    throw new ScaffoldError((error as Error).message);
  }
}
