import { join } from 'node:path';
import { SUBGRAPHS } from '../schema/subgraphs';
import { BULK, PROFILE } from './peers/floor-queries';
import { partnerHeaders, PARTNERS_ENV } from './peers/signing';
import type { BenchFederation } from './setup/federation';
import { startChild, type Child } from './setup/processes';
import {
  BULK_PAGE_SIZE,
  BULK_YEAR,
  bulkBody,
  checkBulk,
  checkInsights,
  checkProfile,
  insightsBody,
  profileBody,
} from './workloads';
import { envPrefix } from '@buurtgraaf/protocol';

const ROOT = join(__dirname, '..');
const SUPERGRAPH = join(ROOT, 'schema', 'supergraph.graphql');

/** How the load generator asks one contender for one workload, and what makes an answer count. */
export interface Target {
  url: string;
  /** Fresh per request: the root subgraph demands a new signature (nonce) every time. */
  request(code?: string): { body: string; headers: Record<string, string> };
  checkProfile(text: string, code: string): string | null;
  checkBulk(text: string, expected: number): string | null;
  /** The whole-country insights pull: ours only, as the target is ours alone. */
  insights?: {
    request(): { body: string; headers: Record<string, string> };
    check(text: string, expected: number): string | null;
  };
}

export interface Contender {
  name: string;
  label: string;
  /** Null for contenders that are not a gateway process of their own (the root subgraph). */
  start(federation: BenchFederation): Promise<{ process: Child | null; target: Target }>;
}

const gatewayTarget = (url: string, federation: BenchFederation): Target => {
  const headers = {
    'content-type': 'application/json',
    'x-api-key': federation.apiKey,
    'x-purpose': 'neighbourhood-planning',
  };
  return {
    url,
    // A fresh object each time: autocannon writes content-length into the headers it is given.
    request: (code) => ({ body: code === undefined ? bulkBody() : profileBody(code), headers: { ...headers } }),
    checkProfile,
    checkBulk,
  };
};

const peer = (name: string, label: string): Contender => ({
  name,
  label,
  async start(federation) {
    const child = await startChild(
      name,
      join(__dirname, 'peers', 'serve.ts'),
      { [PARTNERS_ENV]: JSON.stringify(federation.partners), BENCH_SUPERGRAPH: SUPERGRAPH },
      [name],
    );
    return { process: child, target: gatewayTarget(child.url, federation) };
  },
});

const ours: Contender = {
  name: 'buurtgraaf',
  label: 'Buurtgraaf gateway (production config)',
  async start(federation) {
    const partners = Object.fromEntries(
      SUBGRAPHS.flatMap(({ name }) => {
        const p = `SUBGRAPH_${envPrefix(name)}`;
        const url = federation.partners[name]?.url;
        return [[`${p}_SECRET_FILE`, federation.secretFiles[name]], ...(url ? [[`${p}_URL`, url]] : [])];
      }),
    );
    // One bench consumer sends every request: the per-consumer rate limits would measure themselves, not the gateway.
    const unlimited = {
      GATEWAY_RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000000',
      GATEWAY_RATE_LIMIT_COST_PER_MINUTE: '1000000000000',
    };
    // The whole-country care answer of the national set is 50 MB (6 years x 4 groups x 14,600
    // neighbourhoods), over the default 32 MiB cap on one partner answer; a deployment serving
    // whole-country pulls raises it the same way.
    // The peers have no operation deadline; ours (5 s by default) cut the whole-country pull off
    // on the shared 2-core machine under a load average of 15 to 20.
    const wholeCountry = {
      GATEWAY_SUBGRAPH_MAX_RESPONSE_BYTES: String(128 * 1024 * 1024),
      GATEWAY_DEADLINE_MS: '60000',
    };
    const env = {
      ...partners,
      ...unlimited,
      ...wholeCountry,
      GATEWAY_PORT: '0',
      GATEWAY_CONSUMERS_FILE: federation.consumersFile,
    };
    const child = await startChild('buurtgraaf', join(ROOT, 'gateway', 'main.ts'), env);
    const target = gatewayTarget(child.url, federation);
    const insights = {
      request: () => ({ body: insightsBody(), headers: target.request().headers }),
      check: checkInsights,
    };
    return { process: child, target: { ...target, insights } };
  },
};

/** The root subgraph asked directly for its own part of each workload, signed as the gateway would. */
const rootSubgraph: Contender = {
  name: 'root-subgraph',
  label: 'root subgraph (municipality) directly',
  async start(federation) {
    const target = federation.partners.municipality;
    if (!target) throw new Error('no municipality partner');
    const request = (code?: string) => {
      const body = JSON.stringify(
        code === undefined
          ? { query: BULK.root, variables: { year: BULK_YEAR, first: BULK_PAGE_SIZE } }
          : { query: PROFILE.root, variables: { code } },
      );
      return { body, headers: { 'content-type': 'application/json', ...partnerHeaders('municipality', target, body) } };
    };
    type RootData = { neighbourhood?: { code?: string } | null; neighbourhoods?: { nodes?: unknown[] } } | undefined;
    const checkRoot = (text: string, test: (data: RootData) => string | null) => {
      const body = JSON.parse(text) as { data?: RootData; errors?: { message: string }[] };
      return body.errors?.length ? `errors: ${body.errors[0]?.message}` : test(body.data);
    };
    return {
      process: null,
      target: {
        url: target.url,
        request,
        checkProfile: (text, code) =>
          checkRoot(text, (data) => (data?.neighbourhood?.code === code ? null : `no profile for ${code}`)),
        checkBulk: (text, expected) =>
          checkRoot(text, (data) =>
            data?.neighbourhoods?.nodes?.length === expected ? null : `wrong row count, expected ${expected}`,
          ),
      },
    };
  },
};

export const CONTENDERS: Contender[] = [
  ours,
  peer('hive', '@graphql-hive/gateway (default engine)'),
  peer('hive-router', '@graphql-hive/gateway + router-runtime (Rust planner)'),
  peer('apollo', 'stock @apollo/gateway + @apollo/server'),
  peer('floor', 'hand-written fan-out (Node floor)'),
  rootSubgraph,
];
