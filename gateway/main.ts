import { ConfigError, listen, createLogger, PortInUseError, portInUseLine, startTracing } from '@buurtgraaf/platform';
import { loadGatewayConfig } from './config';
import { createGateway } from './gateway';

async function main() {
  let config;
  let tracing;
  try {
    config = loadGatewayConfig();
    // Off unless OTEL_TRACES_EXPORTER is set. Clients are on the internet: their traceparent is ignored.
    tracing = startTracing('gateway', process.env, { acceptIncomingTraceContext: false });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`gateway: ${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger('gateway', config.logLevel);
  const gateway = await createGateway(config, logger).catch((error: Error) => {
    logger.fatal({ err: error }, `start-up failed: ${error.message}`);
    process.exit(1);
  });
  const http = await listen(gateway.app, config.port, config.host).catch((error: Error) => {
    if (!(error instanceof PortInUseError)) throw error;
    process.stderr.write(portInUseLine('gateway', error, 'GATEWAY_PORT'));
    process.exit(1);
  });
  logger.info({ url: `${http.url}/graphql` }, 'gateway ready');
  process.send?.({ type: 'ready', name: 'gateway', url: `${http.url}/graphql` });

  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await http.close(config.shutdownGraceMs);
    await gateway.stop();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

void main();
