/**
 * Every import of the code the references are generated from, in one module: when the code moves
 * (subgraphs/kit to packages/*), only these paths change.
 */
export { gatewayEnvShape, partnerEnvShape } from '../../gateway/config';
export { subgraphEnvShape, CONTAINER_ENV } from '../../subgraphs/kit/subgraph-config';
export { PROCESS_ENV, type EnvDoc } from '../../subgraphs/kit/config';
export { TRACING_ENV } from '../../subgraphs/kit/tracing';
export { PARTNERS_ENV } from '../../schema/subgraphs';
export { settings as municipalitySettings } from '../../subgraphs/municipality/subgraph';
export { settingsOf as careSettingsOf } from '../../subgraphs/care/subgraph';
export { settingsOf as combinerSettingsOf } from '../../subgraphs/combiner/subgraph';
export { settings as insightsSettings } from '../../subgraphs/insights/subgraph';
export { WEB_ENV } from '../../web/serve';
export { LOCAL_ENV } from '../local-trust';
export { ErrorCode, PUBLIC_CODES, PUBLIC_EXTENSIONS } from '../../subgraphs/kit/errors';
export { OWN_CODES, GATEWAY_REFUSAL_CODES, APOLLO_CODES, type ErrorCodeDoc } from '../../subgraphs/kit/error-catalogue';

/** Where each part is defined, named in the generated files so a reader finds the source. */
export const SOURCE_FILES = {
  gateway: 'gateway/config.ts',
  subgraph: 'subgraphs/kit/subgraph-config.ts',
  kinds: 'subgraphs/<kind>/subgraph.ts',
  process: 'subgraphs/kit/config.ts, subgraphs/kit/tracing.ts, schema/subgraphs.ts',
  tools: 'scripts/local-trust.ts, web/serve.ts',
  errors: 'subgraphs/kit/errors.ts, subgraphs/kit/error-catalogue.ts',
} as const;

/** The folders the error-code check scans for codes written into `extensions`. */
export const CODE_DIRS = ['gateway', 'subgraphs'] as const;
