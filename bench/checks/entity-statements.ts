import { care, settings as careSettings } from '../../subgraphs/care/subgraph';
import { housing } from '../../subgraphs/housing/subgraph';
import { parseEnv } from '../../subgraphs/kit/config';
import { observeQueries, openDatabase } from '../../subgraphs/kit/database';
import type { SubgraphDefinition } from '../../subgraphs/kit/definition';
import { listen } from '../../subgraphs/kit/listen';
import { createLogger } from '../../subgraphs/kit/logger';
import { createSubgraph } from '../../subgraphs/kit/server';
import { BULK } from '../peers/floor-queries';
import { partnerHeaders } from '../peers/signing';
import { BULK_YEAR } from '../workloads';
import { join } from 'node:path';

export interface EntityBatchCheck {
  partner: string;
  entities: number;
  /** SQL statements the partner ran for the batch, its audit record not counted. */
  statements: number;
  ms: number;
}

const SECRET = 'bench-entity-check-secret-0123456789abcdef';

/**
 * Sends one partner the bulk workload's `_entities` batch for every neighbourhood and counts the
 * SQL it runs. In-process, on the partner's bench database, after one warm-up batch (the year
 * range is read once a minute and is not part of a batch).
 */
async function checkPartner<C extends object, E>(definition: SubgraphDefinition<C, E>, extra: E, databaseUrl: string, query: string, codes: string[]): Promise<EntityBatchCheck> {
  const statements: string[] = [];
  const db = await openDatabase({ url: databaseUrl }, 4);
  const subgraph = await createSubgraph(definition, {
    db: observeQueries(db, (sql) => void (sql.trimStart().startsWith('insert into audit_log') || statements.push(sql))),
    logger: createLogger('bench', 'silent'),
    extra,
    trust: { gatewaySecret: SECRET, signatureMaxAgeSeconds: 60, policyFile: join(__dirname, '..', '..', 'subgraphs', definition.name, 'policy.json') },
  });
  const http = await listen(subgraph.app, 0);
  const target = { url: `${http.url}/graphql`, secret: SECRET };
  const body = JSON.stringify({ query, variables: { representations: codes.map((code) => ({ __typename: 'Neighbourhood', code })), year: BULK_YEAR } });
  const send = async () => {
    const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...partnerHeaders(definition.name, target, body) }, body });
    const answer = (await response.json()) as { errors?: { message: string }[] };
    if (answer.errors?.length) throw new Error(`${definition.name}: ${answer.errors[0]?.message}`);
  };
  try {
    await send();
    statements.length = 0;
    const started = performance.now();
    await send();
    return { partner: definition.name, entities: codes.length, statements: statements.length, ms: performance.now() - started };
  } finally {
    await http.close(1_000);
    await subgraph.stop();
    await db.close();
  }
}

export async function checkEntityBatches(databases: { housing: string; care: string }, codes: string[]): Promise<EntityBatchCheck[]> {
  return [
    await checkPartner(housing, {}, databases.housing, BULK.housing, codes),
    await checkPartner(care, parseEnv(careSettings, {}), databases.care, BULK.care, codes),
  ];
}
