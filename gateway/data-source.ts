import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../subgraphs/kit/errors';
import type { Logger } from '../subgraphs/kit/logger';

/**
 * The gateway's connection to one partner. Whatever goes wrong underway (refused connection,
 * timeout, a 5xx, a body that is not GraphQL) reaches the client as one error that names the
 * partner; its address and the transport's message only go to the gateway's own log.
 */
export class PartnerDataSource extends RemoteGraphQLDataSource {
  constructor(
    readonly partner: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {
    super({ url });
  }

  override async process(options: GraphQLDataSourceProcessOptions): ReturnType<RemoteGraphQLDataSource['process']> {
    options.request.http?.headers.set('x-buurtgraaf-gateway', '1');
    try {
      return await withTimeout(super.process(options), this.timeoutMs);
    } catch (error) {
      this.logger.warn({ partner: this.partner, url: this.url, err: error }, 'partner fetch failed');
      throw new GraphQLError(`The ${this.partner} partner could not be reached; its figures are missing from this answer.`, {
        extensions: { code: ErrorCode.PartnerUnavailable, partner: this.partner },
      });
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
