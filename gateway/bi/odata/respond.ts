import type { Response } from 'express';
import { ErrorCode } from '@buurtgraaf/platform';

/** A refusal in OData's error shape; `code` is one of the registry's codes (errors.ts). */
export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
  ) {
    super(message);
  }
}

export const badInput = (message: string, target?: string) =>
  new ODataError(400, ErrorCode.BadUserInput, message, target);
export const notSupported = (message: string, target?: string) =>
  new ODataError(400, ErrorCode.QueryOptionNotSupported, message, target);

const COMMON = { 'odata-version': '4.0', 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' };
export const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;charset=utf-8';

export function sendJson(res: Response, body: unknown): void {
  res
    .status(200)
    .set({ ...COMMON, 'content-type': JSON_TYPE })
    .send(JSON.stringify(body));
}

export function sendXml(res: Response, body: string): void {
  res
    .status(200)
    .set({ ...COMMON, 'content-type': 'application/xml;charset=utf-8' })
    .send(body);
}

/** OData clients show `error.message` to the user; Power BI also shows the status. */
export function sendError(res: Response, error: ODataError): void {
  res.locals.refusedWith = error.code;
  const body = {
    error: { code: error.code, message: error.message, ...(error.target ? { target: error.target } : {}) },
  };
  res
    .status(error.status)
    .set({ ...COMMON, 'cache-control': 'no-store', 'content-type': 'application/json;charset=utf-8' })
    .send(JSON.stringify(body));
}
