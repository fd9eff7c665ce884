import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SUBGRAPHS } from '../../schema/subgraphs';
import { keepsData } from '../../scripts/deploy-secrets';

export const ROOT = join(__dirname, '..', '..');
export const DOCKER_DIR = join(ROOT, 'docker');
export const COMPOSE_FILE = join(DOCKER_DIR, 'compose.yaml');
export const K8S_DIR = join(DOCKER_DIR, 'k8s');

export const PARTNERS = SUBGRAPHS.map(({ name }) => name);
export const DATA_PARTNERS = PARTNERS.filter(keepsData);

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

export const fromRoot = (file: string) => relative(ROOT, file);

export interface ComposeService {
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  secrets?: string[];
  networks?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
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
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
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

export const BASE_DIR = join(K8S_DIR, 'base');
export const OVERLAYS_DIR = join(K8S_DIR, 'overlays');

/** Every Kubernetes object in the base (kustomization files aside), with the file it is in. */
export function baseObjects(): { file: string; object: K8sObject }[] {
  return yamlFilesUnder(BASE_DIR)
    .filter((file) => !file.endsWith('kustomization.yaml'))
    .flatMap((file) => readYaml(file).map((object) => ({ file, object: object as K8sObject })));
}

export const readCompose = () => readYaml(COMPOSE_FILE)[0] as ComposeFile;

/** A label selector's matchLabels select a pod when the pod carries every one of them. */
export const selects = (selector: Labels | undefined, labels: Labels) => Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);

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
