import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPartners, SUBGRAPHS, type PartnerEntry } from '../schema/subgraphs';
import { databaseNameOf, kindKeepsData } from './deploy/model';
import { DEMO_PURPOSE, ensureLocalTrust, ensurePairSecrets, type LocalTrust } from './local-trust';

/**
 * The secret files docker/compose.yaml mounts (and the example Kubernetes overlay generates its
 * Secrets from): the same partner secrets and demo consumer as `npm start`, plus a database
 * password and URL for every partner that keeps data. Files that exist are kept, so a second run
 * changes nothing; delete files to make new ones (see docker/README.md, "Rotating secrets").
 */
const ROOT = join(__dirname, '..');
const DEFAULT_DIR = join(ROOT, 'docker', 'secrets');

export interface DeploySecrets extends LocalTrust {
  /** Per partner that keeps data: the files with its database password and its database URL. */
  databases: Record<string, { passwordFile: string; urlFile: string }>;
}

/** A partner keeps data when its kind has migrations; a stateless one (insights, the combiner) gets no database. */
export const keepsData = (partner: Pick<PartnerEntry, 'kind'>) => kindKeepsData(partner.kind);

/** For every partner in the list (schema/partners.json by default); docker/compose.yaml and the overlay are rendered from the same list. */
export function makeDeploySecrets(dir: string, partners: readonly PartnerEntry[] = SUBGRAPHS): DeploySecrets {
  const trust = ensureLocalTrust(
    dir,
    partners.map(({ name }) => name),
  );
  const databases = Object.fromEntries(
    partners.filter(keepsData).map(({ name }) => {
      // The role and database docker/compose.yaml creates: housing_domstad, without the hyphen.
      const database = databaseNameOf(name);
      const passwordFile = join(dir, `${name}-db-password`);
      if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('hex'));
      const password = readFileSync(passwordFile, 'utf8').trim();
      // The host is the database's service in docker/compose.yaml; hex needs no URL escaping. A
      // Kubernetes operator replaces this file with the partner's own URL, and it stays replaced.
      const urlFile = join(dir, `${name}-database-url`);
      if (!existsSync(urlFile))
        writeFileSync(urlFile, `postgres://${database}:${password}@${name}-db:5432/${database}`);
      return [name, { passwordFile, urlFile }];
    }),
  );
  // The secure sum's pair secrets (pairs/<party>/<peer>.secret, and own.key for a care provider),
  // as `npm start` makes them; each party's folder is mounted for that party only.
  const pairDirs = ensurePairSecrets(
    join(dir, 'pairs'),
    partners.filter(({ kind }) => kind === 'care' || kind === 'combiner').map(({ name, kind }) => ({ id: name, kind })),
  );
  // Compose bind-mounts file secrets with the host's owner and mode, so the image's user (uid 1000)
  // can only read them when they are world-readable; the folder (0700) keeps other host users out.
  const files = [
    ...Object.values(trust.secretFiles),
    trust.consumersFile,
    join(dir, 'demo-api-key'),
    ...Object.values(databases).flatMap(({ passwordFile, urlFile }) => [passwordFile, urlFile]),
    ...Object.values(pairDirs).flatMap((pairDir) => readdirSync(pairDir).map((file) => join(pairDir, file))),
  ];
  for (const file of files) chmodSync(file, 0o644);
  chmodSync(dir, 0o700);
  return { ...trust, databases };
}

if (require.main === module) {
  // npx tsx scripts/deploy-secrets.ts [folder] [--partners <partners.json>]
  const args = process.argv.slice(2);
  const flag = args.indexOf('--partners');
  const partnersFile = flag >= 0 ? args.splice(flag, 2)[1] : undefined;
  if (flag >= 0 && !partnersFile) throw new Error('--partners needs a file');
  const dir = args[0] ?? DEFAULT_DIR;
  const secrets = makeDeploySecrets(dir, partnersFile ? readPartners(partnersFile) : SUBGRAPHS);
  process.stdout.write(
    `Secrets in ${dir} (existing files kept).\nDemo consumer headers:\n  x-api-key: ${secrets.apiKey}\n  x-purpose: ${DEMO_PURPOSE}\n`,
  );
}
