import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFederation, type Federation } from '../../helpers/federation';
import { CARE } from '../../helpers/partners';
import { envPrefix } from '@buurtgraaf/protocol';
import { PRIMARY_ENGINE } from '../../helpers/database';

/** A throwaway CA with a server certificate for localhost and a client certificate for the gateway. */
function makeCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-tls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=Buurtgraaf test CA',
  );
  writeFileSync(file('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  for (const [name, subject, ext] of [
    ['server', '/CN=localhost', ['-extfile', 'server.ext']],
    ['gateway', '/CN=buurtgraaf-gateway', []],
  ] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      ...ext,
    );
  }
  return {
    ca: file('ca.crt'),
    serverCert: file('server.crt'),
    serverKey: file('server.key'),
    clientCert: file('gateway.crt'),
    clientKey: file('gateway.key'),
  };
}

describe('mutual TLS between the gateway and a partner', () => {
  const certs = makeCertificates();
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation(
      PRIMARY_ENGINE,
      {
        [`SUBGRAPH_${envPrefix(CARE)}_TLS_CA_FILE`]: certs.ca,
        GATEWAY_TLS_CLIENT_CERT_FILE: certs.clientCert,
        GATEWAY_TLS_CLIENT_KEY_FILE: certs.clientKey,
      },
      {},
      { [CARE]: { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.ca } },
    );
  });
  afterAll(() => federation?.stop());

  test('when the care partner demands client certificates, then the gateway still gets its figures over https', async () => {
    expect(federation.subgraphs.care.url).toMatch(/^https:/);
    const { data, errors } = await federation.query(
      '{ neighbourhood(code: "BU03440112") { careDemand(year: 2023, targetGroup: ELDERLY) { targetGroup } } }',
    );
    expect(errors).toBeUndefined();
    expect(data.neighbourhood.careDemand).toEqual([{ targetGroup: 'ELDERLY' }]);
  });

  test('when a caller without a client certificate connects, then the TLS handshake fails before any HTTP', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = request(federation.subgraphs.care.url, { method: 'POST', ca: readFileSync(certs.ca) }, (res) =>
        resolve(`answered ${res.statusCode}`),
      );
      req.on('error', (error) => resolve(`failed: ${error.message}`));
      req.end('{}');
    });
    expect(outcome).toMatch(/^failed: /);
  });
});
