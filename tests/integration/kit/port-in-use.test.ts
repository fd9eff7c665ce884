import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureLocalTrust } from '../../../scripts/local-trust';
import { SUBGRAPHS } from '../../../schema/subgraphs';

const ROOT = join(__dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-port-'));
const trust = ensureLocalTrust(
  dir,
  SUBGRAPHS.map(({ name }) => name),
);
const start = (main: string, env: NodeJS.ProcessEnv) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', main], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });

let taken: Server;
let port: number;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
  port = (taken.address() as AddressInfo).port;
});
afterAll(() => {
  taken.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('starting a server on a port that another process holds', () => {
  test('when it is the gateway, then it says in one line which port and which variable, and exits 1', async () => {
    const secrets = Object.fromEntries(
      SUBGRAPHS.map(({ name, envPrefix }) => [`SUBGRAPH_${envPrefix}_SECRET_FILE`, trust.secretFiles[name]]),
    );
    const run = start('gateway/main.ts', {
      GATEWAY_PORT: String(port),
      GATEWAY_CONSUMERS_FILE: trust.consumersFile,
      ...secrets,
    });
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: `gateway: port ${port} is in use (PORT_IN_USE); stop what listens there, or set GATEWAY_PORT to a free port (0 picks one)\n`,
    });
  });

  test("when it is a partner, then the line names the partner's own <PREFIX>_PORT", async () => {
    const run = start('subgraphs/insights/main.ts', {
      INSIGHTS_PORT: String(port),
      INSIGHTS_GATEWAY_SECRET_FILE: trust.secretFiles.insights,
      INSIGHTS_AUDIT_FILE: join(dir, 'audit.jsonl'),
    });
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: `insights: port ${port} is in use (PORT_IN_USE); stop what listens there, or set INSIGHTS_PORT to a free port (0 picks one)\n`,
    });
  });
});
