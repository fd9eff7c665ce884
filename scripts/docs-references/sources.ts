/**
 * Every import of the code the references are generated from, in one module: when the code moves,
 * only these paths change.
 */
export { gatewayEnvShape, partnerEnvShape } from '../../gateway/config-env';
export { subgraphEnvShape, CONTAINER_ENV } from '@buurtgraaf/subgraph-kit/subgraph-config';
export { PROCESS_ENV, TRACING_ENV, type EnvDoc } from '@buurtgraaf/platform';
export { PARTNERS_ENV } from '../../schema/subgraphs';
export { settings as municipalitySettings } from '../../subgraphs/municipality/subgraph';
export { settingsOf as careSettingsOf } from '../../subgraphs/care/subgraph';
export { settingsOf as combinerSettingsOf } from '../../subgraphs/combiner/subgraph';
export { settings as insightsSettings } from '../../subgraphs/insights/subgraph';
export { WEB_ENV } from '../../web/serve';
export { LOCAL_ENV } from '../local-trust';
export {
  ErrorCode,
  PUBLIC_CODES,
  PUBLIC_EXTENSIONS,
  OWN_CODES,
  GATEWAY_REFUSAL_CODES,
  APOLLO_CODES,
  type ErrorCodeDoc,
} from '@buurtgraaf/platform';

/** Where each part is defined, named in the generated files so a reader finds the source. */
export const SOURCE_FILES = {
  gateway: 'gateway/config-env.ts',
  subgraph: 'packages/subgraph-kit/src/subgraph-config.ts',
  kinds: 'subgraphs/<kind>/subgraph.ts',
  process: 'packages/platform/src/config.ts, packages/platform/src/tracing.ts, schema/subgraphs.ts',
  tools: 'scripts/local-trust.ts, web/serve.ts',
  errors: 'packages/platform/src/errors.ts, packages/platform/src/error-catalogue.ts',
} as const;

/** The folders the error-code check scans for codes written into `extensions`. */
export const CODE_DIRS = ['gateway', 'subgraphs', 'packages'] as const;
