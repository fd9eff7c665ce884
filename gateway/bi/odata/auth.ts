import type { RequestHandler, Response } from 'express';
import { ErrorCode } from '@buurtgraaf/platform';
import { PURPOSE_HEADER } from '../../trust/authenticate';
import { secretInQuery } from '../parameters';
import { badInput, ODataError, sendError } from './respond';

const API_KEY_HEADER = 'x-api-key';

/**
 * What stands in front of every OData request. Power BI and Excel's OData connectors offer
 * Basic credentials (user name and password) but no custom header without M code: the password is
 * the API key and the user name the purpose. x-api-key and x-purpose keep working; a key in the
 * URL is refused, as on /bi/v1 (it would end up in proxy logs and the tool's history).
 */
export function odataGuard(authenticate: RequestHandler): RequestHandler[] {
  return [keysStayOutOfUrls, fromBasic, purposeFromQuery, inODataShape(authenticate)];
}

const keysStayOutOfUrls: RequestHandler = (req, res, next) => {
  const name = secretInQuery(Object.fromEntries(new URL(req.originalUrl, 'http://localhost').searchParams));
  if (name)
    return sendError(
      res,
      badInput(
        `Do not put credentials in the URL ("${name}"): use Basic authentication with the API key as password, or the x-api-key header.`,
        name,
      ),
    );
  next();
};

const fromBasic: RequestHandler = (req, res, next) => {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.get('authorization') ?? '');
  if (!basic) return next();
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const purpose = colon < 0 ? '' : decoded.slice(0, colon);
  const key = colon < 0 ? '' : decoded.slice(colon + 1);
  if (key === '') {
    offerBasic(res);
    return sendError(
      res,
      new ODataError(
        401,
        ErrorCode.Unauthenticated,
        'Basic authentication needs the API key as password (and the purpose as user name).',
      ),
    );
  }
  if (req.get(API_KEY_HEADER) !== undefined)
    return sendError(res, badInput('Send the API key once: as the Basic password or in x-api-key, not both.'));
  const declared = req.get(PURPOSE_HEADER);
  if (purpose !== '' && declared !== undefined && declared !== purpose)
    return sendError(
      res,
      badInput(`The Basic user name (the purpose) and the ${PURPOSE_HEADER} header differ; send the purpose once.`),
    );
  req.headers[API_KEY_HEADER] = key;
  if (purpose !== '') req.headers[PURPOSE_HEADER] = purpose;
  delete req.headers.authorization;
  next();
};

/** Some tools can set no header at all for the purpose: ?purpose= as on /bi/v1. */
const purposeFromQuery: RequestHandler = (req, res, next) => {
  const values = new URL(req.originalUrl, 'http://localhost').searchParams.getAll('purpose');
  if (values.length === 0) return next();
  const [purpose] = values;
  if (values.length > 1 || !purpose) return sendError(res, badInput('Give purpose once.', 'purpose'));
  const declared = req.get(PURPOSE_HEADER);
  if (declared !== undefined && declared !== purpose)
    return sendError(
      res,
      badInput(
        `The purpose in the ${PURPOSE_HEADER} header or Basic user name and ?purpose= differ; send the purpose once.`,
        'purpose',
      ),
    );
  req.headers[PURPOSE_HEADER] = purpose;
  next();
};

/**
 * The authentication middleware answers in GraphQL's error shape; OData clients read
 * `{"error": {"code", "message"}}`. A 401 also offers Basic, which makes Power BI and Excel ask
 * for the user name and password instead of failing.
 */
function inODataShape(authenticate: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const json = res.json;
    res.json = ((body: { errors?: { message?: string; extensions?: { code?: string } }[] } | undefined) => {
      res.json = json;
      const first = body?.errors?.[0];
      if (res.statusCode === 401) offerBasic(res);
      sendError(
        res,
        new ODataError(res.statusCode, first?.extensions?.code ?? ErrorCode.Internal, first?.message ?? 'Refused.'),
      );
      return res;
    }) as Response['json'];
    const proceed = (error?: unknown) => {
      res.json = json;
      next(error);
    };
    Promise.resolve(authenticate(req, res, proceed)).catch(proceed);
  };
}

function offerBasic(res: Response): void {
  const existing = res.getHeader('www-authenticate');
  res.setHeader('www-authenticate', [
    'Basic realm="buurtgraaf", charset="UTF-8"',
    ...(existing === undefined ? [] : [String(existing)]),
  ]);
}
