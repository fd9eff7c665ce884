import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { z } from 'zod';
import { ErrorCode } from '@buurtgraaf/platform';
import { name, type Consumer, type ConsumerRegistry } from './consumers';

/** The gateway's verdict on who asks and why; Apollo's context and every subgraph call carry it. */
export interface Caller {
  consumer: Consumer;
  purpose: string;
  transactionId: string;
}

export const PURPOSE_HEADER = 'x-purpose';
export const TRANSACTION_HEADER = 'x-transaction-id';
// Not starting with '-', like consumer names: the id reaches audit exports and command lines.
const TRANSACTION_ID = /^[A-Za-z0-9._:][A-Za-z0-9._:-]{7,99}$/;

// Claims obey the same rules as the consumers file, so they fit the context partners accept
// and cannot smuggle formulas into a CSV export of the audit log.
const claimsSchema = z.object({
  sub: name,
  org: name,
  roles: z.array(name).min(1).max(50),
  purposes: z.array(name).min(1).max(50),
});
const MAX_TOKEN_AGE = '12h';

function refuse(res: Response, status: number, code: string, message: string) {
  res.locals.refusedWith = code;
  if (status === 401) res.setHeader('www-authenticate', 'Bearer realm="buurtgraaf", ApiKey header="x-api-key"');
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

async function consumerFromJwt(registry: ConsumerRegistry, token: string): Promise<Consumer | null> {
  const jwt = registry.jwt;
  if (!jwt) return null;
  try {
    const { alg } = decodeProtectedHeader(token);
    const key =
      alg === 'HS256'
        ? jwt.hs256Secret
        : alg === 'RS256' && jwt.rs256PublicKeyPem
          ? await importSPKI(jwt.rs256PublicKeyPem, 'RS256')
          : undefined;
    if (!key) return null;
    const { payload } = await jwtVerify(token, key, {
      issuer: jwt.issuer,
      audience: jwt.audience,
      algorithms: [alg as string],
      // A token that never expires cannot be revoked; refuse it.
      requiredClaims: ['exp'],
      maxTokenAge: MAX_TOKEN_AGE,
    });
    const claims = claimsSchema.parse(payload);
    return { id: claims.sub, organisation: claims.org, roles: claims.roles, purposes: claims.purposes };
  } catch {
    return null;
  }
}

/**
 * Express middleware in front of /graphql: an API key (`x-api-key`) or a JWT (`Authorization:
 * Bearer`), then a declared purpose (`x-purpose`) the consumer is allowed. Gives every request a
 * transaction id, returned in `x-transaction-id`; only a consumer with `trustedRole` may bring its own.
 */
export function authenticate(registry: ConsumerRegistry, trustedRole: string): RequestHandler {
  return async (req, res, next) => {
    const apiKey = req.get('x-api-key');
    const bearer = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    let consumer: Consumer | null;
    if (apiKey) consumer = registry.byApiKey(apiKey);
    else if (bearer) consumer = await consumerFromJwt(registry, bearer);
    else consumer = registry.publicConsumer;
    const offered = req.get(TRANSACTION_HEADER);
    const transactionId =
      consumer?.roles.includes(trustedRole) && offered && TRANSACTION_ID.test(offered) ? offered : randomUUID();
    res.setHeader(TRANSACTION_HEADER, transactionId);
    if (!consumer) {
      const message =
        apiKey || bearer
          ? 'The API key or token is not valid.'
          : 'Authenticate with an x-api-key header or an Authorization: Bearer token.';
      return refuse(res, 401, ErrorCode.Unauthenticated, message);
    }
    // Known from here on, also when the purpose is refused: the refusal's log line names who it was.
    res.locals.consumer = consumer;
    const purpose = req.get(PURPOSE_HEADER);
    const allowed = consumer.purposes.join(', ');
    if (!purpose)
      return refuse(
        res,
        400,
        ErrorCode.PurposeRequired,
        `Declare why you ask in the ${PURPOSE_HEADER} header; you may use: ${allowed}.`,
      );
    if (!registry.purposes.has(purpose))
      return refuse(
        res,
        403,
        ErrorCode.PurposeUnknown,
        `"${purpose}" is not a purpose of this federation; you may use: ${allowed}.`,
      );
    if (!consumer.purposes.includes(purpose))
      return refuse(
        res,
        403,
        ErrorCode.PurposeNotAllowed,
        `You may not use this graph for "${purpose}"; you may use: ${allowed}.`,
      );
    const caller: Caller = { consumer, purpose, transactionId };
    res.locals.caller = caller;
    next();
  };
}
