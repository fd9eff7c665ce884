import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { RequestHandler, Response } from 'express';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ErrorCode, type Logger } from '@buurtgraaf/platform';
import type { Caller } from './authenticate';
import type { Consumer } from './consumers';

/** What one consumer may do per minute. */
export interface RateLimit {
  requestsPerMinute: number;
  costPerMinute: number;
}

export interface RateLimitOptions {
  /** For consumers with none of the roles below. */
  default: RateLimit;
  /** Per role; a consumer with several gets its most generous role's limit. */
  byRole: Record<string, RateLimit>;
  /** A Redis shared by every gateway replica; without it each replica counts on its own. */
  redisUrl?: string | undefined;
  /** Prefix of every Redis key, so several federations can share one Redis. */
  keyPrefix: string;
}

export interface RateLimiter {
  /** Express middleware after authentication: one point per HTTP request (a BI export counts once). */
  requests: RequestHandler;
  /** Charges an operation's cost (plugins/cost.ts); throws RATE_LIMITED when the minute's budget is spent. */
  chargeCost(caller: Caller, cost: number): Promise<void>;
  /**
   * Resolves once the shared store answers, or after STORE_WAIT_MS with a warning: a replica that
   * took traffic before its Redis connection was up would count those requests on its own.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const MINUTE = 60;
const STORE_WAIT_MS = 5_000;

/**
 * Per-consumer rate limits, requests and cost per minute, with rate-limiter-flexible. With Redis
 * the counters are shared by every gateway replica; if Redis cannot be reached, each replica
 * falls back to counting in its own memory (the insurance limiter) instead of refusing everyone
 * or letting everyone through.
 */
export function createRateLimiter(options: RateLimitOptions, logger: Logger): RateLimiter {
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, {
        // rate-limiter-flexible's advice for ioredis: fail fast to the insurance limiter, do not queue.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        lazyConnect: false,
      })
    : null;
  redis?.on('error', (error: Error) =>
    logger.warn({ err: error }, 'rate limit store (Redis) unavailable; counting per replica meanwhile'),
  );
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiter = (kind: 'requests' | 'cost', tier: string, points: number) => {
    const key = `${kind}:${tier}`;
    let found = limiters.get(key);
    if (!found) {
      const common = { keyPrefix: `${options.keyPrefix}:rl:${key}`, points, duration: MINUTE };
      const memory = new RateLimiterMemory(common);
      found = redis ? new RateLimiterRedis({ ...common, storeClient: redis, insuranceLimiter: memory }) : memory;
      limiters.set(key, found);
    }
    return found;
  };
  /** The consumer's most generous role (by requests, then cost), or the default. */
  const tierOf = (consumer: Consumer): [string, RateLimit] => {
    let best: [string, RateLimit] = ['default', options.default];
    for (const role of consumer.roles) {
      const limit = options.byRole[role];
      if (!limit) continue;
      if (
        best[0] === 'default' ||
        limit.requestsPerMinute > best[1].requestsPerMinute ||
        (limit.requestsPerMinute === best[1].requestsPerMinute && limit.costPerMinute > best[1].costPerMinute)
      )
        best = [`role:${role}`, limit];
    }
    return best;
  };
  const consume = async (kind: 'requests' | 'cost', consumer: Consumer, points: number): Promise<number | null> => {
    const [tier, limit] = tierOf(consumer);
    const max = kind === 'requests' ? limit.requestsPerMinute : limit.costPerMinute;
    // More than a whole minute's budget can never pass: say so without counting it.
    if (points > max) return MINUTE;
    try {
      await limiter(kind, tier, max).consume(consumer.id, points);
      return null;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw error;
    }
  };

  return {
    requests: (req, res, next) => {
      const caller = res.locals.caller as Caller | undefined;
      if (!caller) return next();
      consume('requests', caller.consumer, 1).then((retryAfter) => {
        if (retryAfter === null) return next();
        refuse(
          res,
          retryAfter,
          `You sent more than your ${tierOf(caller.consumer)[1].requestsPerMinute} requests per minute; try again in ${retryAfter} s.`,
        );
      }, next);
    },
    async chargeCost(caller, cost) {
      const retryAfter = await consume('cost', caller.consumer, cost);
      if (retryAfter === null) return;
      const perMinute = tierOf(caller.consumer)[1].costPerMinute;
      throw new GraphQLError(
        `This operation (cost ${cost.toLocaleString('en')}) would take you past your cost budget of ${perMinute.toLocaleString('en')} per minute; try again in ${retryAfter} s.`,
        {
          // Apollo takes response headers from a Map here; graphql-yoga's typings (a dev dependency) say Record.
          extensions: {
            code: ErrorCode.RateLimited,
            retryAfterSeconds: retryAfter,
            http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) as never },
          },
        },
      );
    },
    async ready() {
      if (!redis || redis.status === 'ready') return;
      let timer: NodeJS.Timeout | undefined;
      const connected = await Promise.race([
        // Not events.once: it rejects on the 'error' events a reconnecting client emits meanwhile.
        new Promise<boolean>((resolve) => redis.once('ready', () => resolve(true))),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), STORE_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
      if (!connected)
        logger.warn(
          `rate limit store (Redis) not reachable within ${STORE_WAIT_MS / 1000} s; counting per replica until it is`,
        );
    },
    async close() {
      redis?.disconnect();
    },
  };
}

function refuse(res: Response, retryAfter: number, message: string) {
  res.locals.refusedWith = ErrorCode.RateLimited;
  res.setHeader('retry-after', String(retryAfter));
  res
    .status(429)
    .json({ errors: [{ message, extensions: { code: ErrorCode.RateLimited, retryAfterSeconds: retryAfter } }] });
}
