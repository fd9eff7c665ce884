import { mkdtempSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv, listen, type Listening, createLogger } from '@buurtgraaf/platform';
import { createSubgraph } from '@buurtgraaf/subgraph-kit/server';
import { insights, settings } from '../../../subgraphs/insights/subgraph';
import { gatewayHeaders } from '../../helpers/http';
import { ANALYST_CONTEXT } from '../../helpers/trust';

const SECRET = 'stateless-audit-secret-that-is-long-enough-00';
const BODY = JSON.stringify({ query: '{ _service { sdl } }' });

/** Insights as `npm start` runs it: LOG_LEVEL=warn, so an info-level audit line would never be written. */
async function startInsights(auditFile: string): Promise<{ url: string; close(): Promise<void> }> {
  const subgraph = await createSubgraph(insights, {
    db: null,
    logger: createLogger('insights', 'warn'),
    extra: parseEnv(settings, {}),
    trust: {
      gatewaySecret: SECRET,
      signatureMaxAgeSeconds: 60,
      policyFile: join(__dirname, '..', '..', '..', 'subgraphs', 'insights', 'policy.json'),
      auditFile,
    },
  });
  const http: Listening = await listen(subgraph.app, 0);
  return {
    url: `${http.url}/graphql`,
    close: async () => {
      await http.close(100);
      await subgraph.stop();
    },
  };
}

const ask = async (url: string) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gatewayHeaders(url, BODY, SECRET, 'insights') },
    body: BODY,
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
  };
};

describe('the audit log of a partner without a database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-audit-'));

  test('when insights answers under LOG_LEVEL=warn, then its audit record is in its audit file all the same', async () => {
    const file = join(dir, 'nested', 'audit.jsonl');
    const subgraph = await startInsights(file);
    try {
      expect((await ask(subgraph.url)).status).toBe(200);
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toEqual([
        expect.objectContaining({
          at: expect.any(String),
          transactionId: ANALYST_CONTEXT.transactionId,
          consumer: ANALYST_CONTEXT.consumer,
          purpose: ANALYST_CONTEXT.purpose,
          outcome: 'OK',
          read: ['Query._service', '_Service.sdl'],
        }),
      ]);
    } finally {
      await subgraph.close();
    }
  });

  test('when the audit file cannot be written, then insights answers nothing but AUDIT_UNAVAILABLE (fail closed)', async () => {
    const notAFile = join(dir, 'a-folder');
    mkdirSync(notAFile);
    const subgraph = await startInsights(notAFile);
    try {
      const { status, body } = await ask(subgraph.url);
      expect(status).toBe(503);
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
    } finally {
      await subgraph.close();
    }
  });
});
