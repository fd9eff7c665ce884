import { readFileSync } from 'node:fs';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../subgraphs/kit/errors';
import type { Logger } from '../subgraphs/kit/logger';
import { encodeRequestContext } from '../subgraphs/kit/trust/request-context';
import { CONTEXT_HEADER, signRequest } from '../subgraphs/kit/trust/signature';
import type { PartnerConnection } from './config';
import { partnerFetch } from './partner-fetch';
import { BrokenCircuitError, type IPolicy } from 'cockatiel';
import type { GatewayContext, PartnerObserver } from './observer';
import { partnerPolicy, type ResilienceOptions } from './resilience';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * The gateway's connection to one partner. Every request carries the caller's context and is
 * signed with the partner's secret at the moment it is sent, over the exact bytes sent. Whatever
 * goes wrong underway reaches the client as one error naming the partner; its address and the
 * transport's message only go to the gateway's own log.
 */
export class PartnerDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly partner: string,
    url: string,
    connection: PartnerConnection,
    options: { timeoutMs: number; maxSockets: number; resilience: ResilienceOptions },
    private readonly logger: Logger,
    private readonly observer: PartnerObserver,
  ) {
    super({ url });
    this.fetcher = signingFetcher(partner, connection, options.timeoutMs, options.maxSockets);
    this.policy = partnerPolicy(partner, options.resilience, observer);
  }

  private readonly policy: IPolicy;

  override willSendRequest({ request, context, ...options }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined;
    const { consumer, purpose, transactionId } = context.caller;
    context.partnersCalled?.add(this.partner);
    request.http?.headers.set(
      CONTEXT_HEADER,
      encodeRequestContext({
        transactionId,
        consumer: consumer.id,
        organisation: consumer.organisation,
        roles: consumer.roles,
        purpose,
        // Clients choose operation names; the partner's context schema caps them at 200.
        operationName: incoming?.operationName?.slice(0, 200) ?? null,
        documentHash: incoming?.queryHash ?? null,
      }),
    );
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    const started = performance.now();
    try {
      const response = await this.policy.execute(() => super.process(options));
      this.observer.fetched(this.partner, performance.now() - started, 'ok');
      return response;
    } catch (error) {
      this.observer.fetched(this.partner, performance.now() - started, error instanceof BrokenCircuitError ? 'rejected-by-breaker' : 'error');
      this.logger.warn({ partner: this.partner, url: this.url, err: error }, 'partner fetch failed');
      if (refusedForAudit(error)) {
        throw new GraphQLError(`The ${this.partner} partner could not record this request in its audit log, so it sent nothing.`, {
          extensions: { code: ErrorCode.AuditUnavailable, partner: this.partner },
        });
      }
      throw new GraphQLError(`The ${this.partner} partner could not be reached; its figures are missing from this answer.`, {
        extensions: { code: ErrorCode.PartnerUnavailable, partner: this.partner },
      });
    }
  }
}

/**
 * Signs at the last moment, over the exact bytes sent, on a bounded pool of keep-alive sockets
 * per partner; a request that outlives the timeout is aborted.
 */
function signingFetcher(partner: string, connection: PartnerConnection, timeoutMs: number, maxSockets: number): Fetcher {
  const tls = connection.tls;
  const base = partnerFetch({
    maxSockets,
    timeoutMs,
    ...(tls ? { tls: { ca: readFileSync(tls.ca), ...(tls.cert && tls.key ? { cert: readFileSync(tls.cert), key: readFileSync(tls.key) } : {}) } } : {}),
  });
  return (url, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const target = new URL(url);
    const signature = signRequest(
      { method: init?.method ?? 'POST', target: target.pathname + target.search, body: String(init?.body ?? ''), context: headers[CONTEXT_HEADER] ?? '' },
      connection.secret,
      partner,
    );
    return base(url, { ...init, headers: { ...headers, ...signature } });
  };
}

/** A partner that answers 503 AUDIT_UNAVAILABLE is up but failing closed; say so rather than "unreachable". */
function refusedForAudit(error: unknown): boolean {
  const body = (error as { extensions?: { response?: { body?: { errors?: { extensions?: { code?: string } }[] } } } }).extensions?.response?.body;
  return body?.errors?.some((e) => e.extensions?.code === ErrorCode.AuditUnavailable) ?? false;
}
