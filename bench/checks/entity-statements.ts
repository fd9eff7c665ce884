import { partnersOfKind, renderFor } from '../../schema/subgraphs';
import { care, settingsOf as careSettingsOf } from '../../subgraphs/care/subgraph';
import { housing } from '../../subgraphs/housing/subgraph';
import { parseEnv, listen, createLogger } from '@buurtgraaf/platform';
import { observeQueries, openDatabase } from '@buurtgraaf/subgraph-kit/database';
import type { SubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { createSubgraph } from '@buurtgraaf/subgraph-kit/server';
import { partnerSeries } from '../peers/floor-queries';
import { partnerHeaders } from '../peers/signing';
import { envPrefix } from '@buurtgraaf/protocol';

export interface EntityBatchCheck {
  partner: string;
  entities: number;
  /** SQL statements the partner ran for the batch, its audit record and signature nonce not counted. */
  statements: number;
  ms: number;
}

const SECRET = 'bench-entity-check-secret-0123456789abcdef';

/**
 * Sends one corporation or care provider the bulk workload's `_entities` batch for every
 * neighbourhood (its own field, every year: the combiner picks the year) and counts the SQL it
 * runs. In-process, on the partner's bench database, after one warm-up batch.
 */
async function checkPartner<C extends object, E>(
  definition: SubgraphDefinition<C, E>,
  extra: E,
  databaseUrl: string,
  query: string,
  codes: string[],
): Promise<EntityBatchCheck> {
  const statements: string[] = [];
  const db = await openDatabase({ url: databaseUrl }, 4);
  const subgraph = await createSubgraph(definition, {
    // The partner's figures only: not its audit record, nor the signature nonce it claims per request (kit/trust/nonces.ts).
    db: observeQueries(
      db,
      (sql) =>
        void (
          sql.trimStart().startsWith('insert into audit_log') ||
          sql.includes('signature_nonce') ||
          statements.push(sql)
        ),
    ),
    logger: createLogger('bench', 'silent'),
    extra,
    trust: { gatewaySecret: SECRET, signatureMaxAgeSeconds: 60, policyFile: definition.policyFile },
  });
  const http = await listen(subgraph.app, 0);
  const target = { url: `${http.url}/graphql`, secret: SECRET };
  const body = JSON.stringify({
    query,
    variables: { representations: codes.map((code) => ({ __typename: 'Neighbourhood', code })) },
  });
  const send = async () => {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...partnerHeaders(definition.name, target, body) },
      body,
    });
    const answer = (await response.json()) as { errors?: { message: string }[] };
    if (answer.errors?.length) throw new Error(`${definition.name}: ${answer.errors[0]?.message}`);
  };
  try {
    await send();
    statements.length = 0;
    const started = performance.now();
    await send();
    return {
      partner: definition.name,
      entities: codes.length,
      statements: statements.length,
      ms: performance.now() - started,
    };
  } finally {
    await http.close(1_000);
    await subgraph.stop();
    await db.close();
  }
}

/** Every corporation and care provider of schema/partners.json, each on its own bench database (by partner id). */
export async function checkEntityBatches(
  databases: Record<string, string>,
  codes: string[],
): Promise<EntityBatchCheck[]> {
  const checks: EntityBatchCheck[] = [];
  const databaseOf = (id: string) => {
    const url = databases[id];
    if (!url) throw new Error(`No bench database for ${id}`);
    return url;
  };
  for (const { name, partnerField } of partnersOfKind('housing')) {
    checks.push(
      await checkPartner(
        housing(renderFor(name)),
        {},
        databaseOf(name),
        partnerSeries('housing', partnerField, false),
        codes,
      ),
    );
  }
  for (const { name, partnerField } of partnersOfKind('care')) {
    checks.push(
      await checkPartner(
        care(renderFor(name)),
        parseEnv(careSettingsOf(envPrefix(name)), {}),
        databaseOf(name),
        partnerSeries('care', partnerField, false),
        codes,
      ),
    );
  }
  return checks;
}
