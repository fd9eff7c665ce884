import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PARTNERS_FILE, SUBGRAPHS, readPartners, type PartnerEntry } from '../../schema/subgraphs';
import { keepsData } from '../../scripts/deploy-secrets';
import { renderDeploy, writeDeploy } from '../../scripts/deploy/render';

export const ROOT = join(__dirname, '..', '..');
export const DOCKER_DIR = join(ROOT, 'docker');
export const COMPOSE_FILE = join(DOCKER_DIR, 'compose.yaml');
export const K8S_DIR = join(DOCKER_DIR, 'k8s');

/**
 * A docker/ folder and the partners file it was rendered from. The checks in this folder run on
 * the committed docker/ and on a render, in a temporary copy, of a partners file with a third
 * housing corporation: joining is an entry in schema/partners.json, and nothing else.
 */
export interface DeployTarget {
  label: string;
  partnersFile: string;
  partners: PartnerEntry[];
  dockerDir: string;
}

export const COMMITTED: DeployTarget = {
  label: 'docker/',
  partnersFile: PARTNERS_FILE,
  partners: SUBGRAPHS,
  dockerDir: DOCKER_DIR,
};

/** The partner that joins in the second target: a third corporation, on the next free port. */
export const THIRD_CORPORATION = {
  id: 'housing-lekstroom',
  kind: 'housing',
  name: 'Lekstroom Wonen',
  port: Math.max(...SUBGRAPHS.map(({ port }) => port)) + 1,
  areas: ['GM0356', 'WK034405'],
};

/** schema/partners.json with the third corporation added, written to a folder. */
export function partnersFileWithThirdCorporation(dir: string): string {
  const file = join(dir, 'partners.json');
  const partners = JSON.parse(readFileSync(PARTNERS_FILE, 'utf8')) as { partners: unknown[] };
  writeFileSync(
    file,
    `${JSON.stringify({ ...partners, partners: [...partners.partners, THIRD_CORPORATION] }, null, 2)}\n`,
  );
  return file;
}

/**
 * The committed docker/ and a rendered copy with a third corporation (made now, synchronously, so
 * that test.each sees its partners). Call cleanup() in afterAll.
 */
export function deployTargets(): { targets: DeployTarget[]; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-third-corporation-'));
  const partnersFile = partnersFileWithThirdCorporation(dir);
  const dockerDir = join(dir, 'docker');
  // The hand-written files (Dockerfile, the overlay's namespace and patch) come along; secrets do not.
  cpSync(DOCKER_DIR, dockerDir, { recursive: true, filter: (source) => basename(source) !== 'secrets' });
  writeDeploy(dockerDir, renderDeploy(partnersFile));
  const rendered: DeployTarget = {
    label: `a render with ${THIRD_CORPORATION.id}`,
    partnersFile,
    partners: readPartners(partnersFile),
    dockerDir,
  };
  return { targets: [COMMITTED, rendered], cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What the checks read from one target. */
export function manifestsOf(target: DeployTarget) {
  const composeFile = join(target.dockerDir, 'compose.yaml');
  const k8sDir = join(target.dockerDir, 'k8s');
  const baseDir = join(k8sDir, 'base');
  const partners = target.partners.map(({ name }) => name);
  return {
    ...target,
    composeFile,
    k8sDir,
    baseDir,
    overlaysDir: join(k8sDir, 'overlays'),
    partnerIds: partners,
    dataPartners: target.partners.filter(keepsData).map(({ name }) => name),
    statelessPartners: target.partners.filter((partner) => !keepsData(partner)).map(({ name }) => name),
    readCompose: () => readYaml(composeFile)[0] as ComposeFile,
    /** Every Kubernetes object in the base (kustomization files aside), with the file it is in. */
    baseObjects: () =>
      yamlFilesUnder(baseDir)
        .filter((file) => !file.endsWith('kustomization.yaml'))
        .flatMap((file) => readYaml(file).map((object) => ({ file, object: object as K8sObject }))),
  };
}

export type Manifests = ReturnType<typeof manifestsOf>;

/** YAML read the way Docker Compose and kubectl read it: merge keys (<<) and 0440 as an octal mode. */
export function readYaml(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1', merge: true }).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map(String).join('; ')}`);
    return document.toJS() as unknown;
  });
}

export function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => join(dir, file))
    .sort();
}

/** A file's name for a test title: from the repository root, or from the temporary folder's docker/. */
export const fromRoot = (file: string) => {
  const path = relative(ROOT, file);
  return path.startsWith('..') ? `${path.slice(path.indexOf('docker/'))} (rendered)` : path;
};

export interface ComposeService {
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  /** Short form (a name, mounted at /run/secrets/<name>) or long form (mounted at its target). */
  secrets?: (string | { source: string; target: string })[];
  networks?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
  healthcheck?: { test: string[] };
  read_only?: boolean;
  cap_drop?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean }>;
  secrets: Record<string, { file: string }>;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface Volume {
  name: string;
  secret?: { secretName: string };
  projected?: { sources: { secret?: { name: string; items?: { key: string; path: string }[] } }[] };
}

export interface PodSpec {
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: Volume[];
}

export type Labels = Record<string, string>;

export interface NetworkPolicyPeer {
  podSelector?: { matchLabels?: Labels };
  namespaceSelector?: { matchLabels?: Labels };
  ipBlock?: { cidr: string };
}

export interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: { port?: number | string; protocol?: string }[];
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels };
  spec?: {
    replicas?: number;
    selector?: Labels | { matchLabels?: Labels };
    template?: { metadata: { labels: Labels }; spec: PodSpec };
    ports?: { name?: string; port: number; targetPort?: string | number }[];
    scaleTargetRef?: { apiVersion: string; kind: string; name: string };
    minReplicas?: number;
    podSelector?: { matchLabels?: Labels };
    policyTypes?: string[];
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
  };
}

export interface Kustomization {
  resources?: string[];
  images?: { name: string }[];
  secretGenerator?: { name: string; files: string[] }[];
  patches?: { path?: string; patch?: string; target?: { kind: string; name: string } }[];
}

/** A label selector's matchLabels select a pod when the pod carries every one of them. */
export const selects = (selector: Labels | undefined, labels: Labels) =>
  Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);

type Model = new (data: unknown) => { validate(): void };

/**
 * Throws unless the object conforms to its kind's schema: kubernetes-models ships a validator per
 * kind, compiled from the Kubernetes OpenAPI schemas, under its apiVersion's path.
 */
export function validate(object: K8sObject): void {
  const model = (require(`kubernetes-models/${object.apiVersion}`) as Record<string, Model | undefined>)[object.kind];
  if (!model) throw new Error(`kubernetes-models has no ${object.apiVersion} ${object.kind}`);
  new model(object).validate();
}
