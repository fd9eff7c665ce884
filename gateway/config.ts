import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SUBGRAPHS } from '../schema/subgraphs';
import { logLevel, parseEnv, port, positiveInt } from '../subgraphs/kit/config';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://care:4003/graphql' });

const shape = {
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: port(4000),
  SUPERGRAPH_FILE: z
    .string()
    .default(join(__dirname, '..', 'schema', 'supergraph.graphql'))
    .refine((file) => existsSync(file), 'file does not exist'),
  /** Per subgraph fetch timeout; a partner slower than this is reported as unavailable. */
  GATEWAY_SUBGRAPH_TIMEOUT_MS: positiveInt(30_000),
  LOG_LEVEL: logLevel,
  ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [`SUBGRAPH_${name.toUpperCase()}_URL`, httpUrl.optional()])),
};

export interface GatewayConfig {
  host: string;
  port: number;
  supergraphFile: string;
  subgraphTimeoutMs: number;
  logLevel: string;
  /** Where each partner really runs, when that differs from the URL in the supergraph. */
  subgraphUrls: Record<string, string>;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const values = parseEnv(shape, env) as Record<string, unknown>;
  const subgraphUrls: Record<string, string> = {};
  for (const { name } of SUBGRAPHS) {
    const url = values[`SUBGRAPH_${name.toUpperCase()}_URL`];
    if (typeof url === 'string') subgraphUrls[name] = url;
  }
  return {
    host: values.GATEWAY_HOST as string,
    port: values.GATEWAY_PORT as number,
    supergraphFile: values.SUPERGRAPH_FILE as string,
    subgraphTimeoutMs: values.GATEWAY_SUBGRAPH_TIMEOUT_MS as number,
    logLevel: values.LOG_LEVEL as string,
    subgraphUrls,
  };
}
