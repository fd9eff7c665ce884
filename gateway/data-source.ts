import { readFileSync } from 'node:fs';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../subgraphs/kit/errors';
import type { Logger } from '../subgraphs/kit/logger';
import { encodeRequestContext } from '../subgraphs/kit/trust/request-context';
import { signRequest } from '../subgraphs/kit/trust/signature';
import type { PartnerConnection } from './config';
import { partnerPost, type PartnerPost } from './partner-fetch';
import { BrokenCircuitError, type IPolicy } from 'cockatiel';
import type { GatewayContext, PartnerObserver } from './observer';
import { partnerPolicy, type ResilienceOptions } from './resilience';

/**
 * The gateway's connection to one partner. Every request carries the caller's context and is
 * signed with the partner's secret at the moment it is sent, over the exact bytes sent. Whatever
 * goes wrong underway reaches the client as one error naming the partner; its address and the
 * transport's message only go to the gateway's own log. It speaks @apollo/gateway's
 * GraphQLDataSource contract itself: RemoteGraphQLDataSource built fetch Request and Headers
 * objects per call that nothing here reads (measured in bench/README.md).
 */
export class PartnerDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly policy: IPolicy;
  private readonly post: PartnerPost;
  private readonly target: string;

  constructor(
    readonly partner: string,
    readonly url: string,
    private readonly connection: PartnerConnection,
    options: { timeoutMs: number; maxSockets: number; resilience: ResilienceOptions },
    private readonly logger: Logger,
    private readonly observer: PartnerObserver,
  ) {
    const tls = connection.tls;
    this.post = partnerPost({
      maxSockets: options.maxSockets,
      timeoutMs: options.timeoutMs,
      ...(tls ? { tls: { ca: readFileSync(tls.ca), ...(tls.cert && tls.key ? { cert: readFileSync(tls.cert), key: readFileSync(tls.key) } : {}) } } : {}),
    });
    const parsed = new URL(url);
    this.target = parsed.pathname + parsed.search;
    this.policy = partnerPolicy(partner, options.resilience, observer);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    try {
      const response = await this.policy.execute(() => this.send(options));
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

  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { http: _notSent, ...request } = options.request;
    const body = JSON.stringify(request);
    const context = this.contextHeader(options);
    const headers = {
      'content-type': 'application/json',
      ...signRequest({ method: 'POST', target: this.target, body, context }, this.connection.secret, this.partner),
    };
    const reply = await this.post(this.url, body, headers);
    const json = /^application\/(graphql-response\+)?json/.test(reply.contentType);
    const parsed: unknown = json ? JSON.parse(reply.body) : reply.body;
    if (reply.status < 200 || reply.status > 299) {
      // The shape RemoteGraphQLDataSource gave, which retries (resilience.ts) and refusedForAudit read.
      throw new GraphQLError(`${reply.status}: ${reply.statusText}`, {
        extensions: { response: { url: this.url, status: reply.status, statusText: reply.statusText, body: parsed } },
      });
    }
    if (typeof parsed !== 'object' || parsed === null) throw new Error(`Expected a JSON answer from ${this.partner}`);
    return parsed as GatewayGraphQLResponse;
  }

  private contextHeader(options: GraphQLDataSourceProcessOptions<GatewayContext>): string {
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined;
    const { consumer, purpose, transactionId } = options.context.caller;
    options.context.partnersCalled?.add(this.partner);
    return encodeRequestContext({
      transactionId,
      consumer: consumer.id,
      organisation: consumer.organisation,
      roles: consumer.roles,
      purpose,
      // Clients choose operation names; the partner's context schema caps them at 200.
      operationName: incoming?.operationName?.slice(0, 200) ?? null,
      documentHash: incoming?.queryHash ?? null,
    });
  }
}

/** A partner that answers 503 AUDIT_UNAVAILABLE is up but failing closed; say so rather than "unreachable". */
function refusedForAudit(error: unknown): boolean {
  const body = (error as { extensions?: { response?: { body?: { errors?: { extensions?: { code?: string } }[] } } } }).extensions?.response?.body;
  return body?.errors?.some((e) => e.extensions?.code === ErrorCode.AuditUnavailable) ?? false;
}
