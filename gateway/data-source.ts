import { readFileSync } from 'node:fs';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { ErrorCode, type Logger } from '@buurtgraaf/platform';
import { encodeRequestContext, signRequest } from '@buurtgraaf/protocol';
import type { PartnerConnection } from './config';
import { setTimeout as sleep } from 'node:timers/promises';
import { PartnerAnswerTooLargeError, partnerPost, type PartnerPost } from './partner-fetch';
import { deadlineOf, type Deadline } from './deadline';
import type { GatewayContext, PartnerObserver } from './observer';
import { backoffMs, CallRefusedError, isTransient, PartnerBreaker, type ResilienceOptions } from './resilience';
import { sanitisePartnerErrors } from './partner-errors';

export interface PartnerOptions {
  /** Ceiling of one call, whatever the operation's deadline leaves. */
  timeoutMs: number;
  maxSockets: number;
  maxResponseBytes: number;
  /** The budget of an operation that brought no deadline of its own (the BI router's pages). */
  bulkDeadlineMs: number;
  resilience: ResilienceOptions;
}

/** The operation's deadline had passed before this call could be sent. */
class DeadlinePassedError extends Error {}

/**
 * The gateway's connection to one partner. Every request carries the caller's context and is
 * signed with the partner's secret at the moment it is sent, over the exact bytes sent. Whatever
 * goes wrong underway reaches the client as one error naming the partner; its address and the
 * transport's message only go to the gateway's own log. It speaks @apollo/gateway's
 * GraphQLDataSource contract itself: RemoteGraphQLDataSource built fetch Request and Headers
 * objects per call that nothing here reads (measured in bench/README.md).
 */
export class PartnerDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly breaker: PartnerBreaker;
  private readonly post: PartnerPost;
  private readonly target: string;

  constructor(
    readonly partner: string,
    readonly url: string,
    private readonly connection: PartnerConnection,
    private readonly options: PartnerOptions,
    private readonly logger: Logger,
    private readonly observer: PartnerObserver,
  ) {
    const tls = connection.tls;
    this.post = partnerPost({
      maxSockets: options.maxSockets,
      maxResponseBytes: options.maxResponseBytes,
      ...(tls
        ? {
            tls: {
              ca: readFileSync(tls.ca),
              ...(tls.cert && tls.key ? { cert: readFileSync(tls.cert), key: readFileSync(tls.key) } : {}),
            },
          }
        : {}),
    });
    const parsed = new URL(url);
    this.target = parsed.pathname + parsed.search;
    this.breaker = new PartnerBreaker(partner, options.resilience, observer);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    try {
      const response = await this.withRetries(options);
      this.observer.fetched(this.partner, performance.now() - started, 'ok');
      return sanitisePartnerErrors(response, this.partner, this.logger);
    } catch (error) {
      this.observer.fetched(
        this.partner,
        performance.now() - started,
        error instanceof CallRefusedError ? 'rejected-by-breaker' : 'error',
      );
      this.logger.warn({ partner: this.partner, url: this.url, err: error }, 'partner fetch failed');
      if (refusedForAudit(error)) {
        throw new GraphQLError(
          `The ${this.partner} partner could not record this request in its audit log, so it sent nothing.`,
          {
            extensions: { code: ErrorCode.AuditUnavailable, partner: this.partner },
          },
        );
      }
      throw new GraphQLError(
        `The ${this.partner} partner could not be reached; its figures are missing from this answer.`,
        {
          extensions: { code: ErrorCode.PartnerUnavailable, partner: this.partner },
        },
      );
    }
  }

  /** Retries transient failures with backoff, never past the operation's deadline. */
  private async withRetries(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const deadline = deadlineOf(options.context, this.options.bulkDeadlineMs);
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.attempt(options, deadline);
      } catch (error) {
        const wait = backoffMs(attempt, this.options.resilience.retryBaseMs);
        // Not `instanceof Error`: an error from Node's own http module fails that test in another realm (Jest's vm), and was then never retried.
        const retry =
          attempt < this.options.resilience.retries &&
          typeof error === 'object' &&
          error !== null &&
          isTransient(error as Error) &&
          !refusedForAudit(error);
        if (!retry || performance.now() + wait >= deadline.at) throw error;
        await sleep(wait);
      }
    }
  }

  /**
   * One call through the breaker, bounded by what is left of the deadline. A call that took more
   * than half the operation's budget counts against the partner like a failure: a partner that
   * answers in 4 s of a 5 s budget is as good as down for an interactive client.
   */
  private async attempt(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    deadline: Deadline,
  ): Promise<GatewayGraphQLResponse> {
    const remaining = deadline.at - performance.now();
    if (remaining <= 0)
      throw new DeadlinePassedError(`the operation's deadline passed before ${this.partner} was asked`);
    const ticket = this.breaker.enter();
    const started = performance.now();
    try {
      const response = await this.send(options, Math.ceil(Math.min(this.options.timeoutMs, remaining)));
      this.breaker.leave(ticket, performance.now() - started > deadline.budgetMs / 2 ? 'failure' : 'success');
      return response;
    } catch (error) {
      this.breaker.leave(ticket, countsAgainstPartner(error) ? 'failure' : 'neutral');
      throw error;
    }
  }

  private async send(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    timeoutMs: number,
  ): Promise<GatewayGraphQLResponse> {
    const { http: _notSent, ...request } = options.request;
    // Encoded once: hashing a string and writing it to the socket each converted it to UTF-8
    // again, which for a whole-country insights pull (some 170 MB to partners) cost seconds.
    const body = Buffer.from(JSON.stringify(request));
    const context = this.contextHeader(options);
    const headers = {
      'content-type': 'application/json',
      ...signRequest({ method: 'POST', target: this.target, body, context }, this.connection.secret, this.partner),
    };
    const reply = await this.post(this.url, body, headers, timeoutMs);
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

/**
 * What says nothing about the partner's health: a refusal of ours (breaker, bulkhead, deadline),
 * a 4xx (the request's fault; counting it would let one client open the breaker for everyone),
 * an audit refusal (the partner is up and failing closed on purpose) and an answer over the size
 * cap (one client's oversized query).
 */
function countsAgainstPartner(error: unknown): boolean {
  if (
    error instanceof CallRefusedError ||
    error instanceof DeadlinePassedError ||
    error instanceof PartnerAnswerTooLargeError
  )
    return false;
  const status = (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
  return !(status !== undefined && status >= 400 && status < 500) && !refusedForAudit(error);
}

/** A partner that answers 503 AUDIT_UNAVAILABLE is up but failing closed: final, not transient; say so rather than "unreachable". */
function refusedForAudit(error: unknown): boolean {
  const body = (error as { extensions?: { response?: { body?: { errors?: { extensions?: { code?: string } }[] } } } })
    .extensions?.response?.body;
  return body?.errors?.some((e) => e.extensions?.code === ErrorCode.AuditUnavailable) ?? false;
}
