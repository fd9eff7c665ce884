import { z } from 'zod';

/**
 * Who is asking and why, as the gateway established it. It travels to every subgraph in the
 * signed `buurtgraaf-context` header, so a partner can enforce its own policy and log at source.
 */
export const requestContextSchema = z.object({
  transactionId: z.string().min(1).max(100),
  consumer: z.string().min(1).max(200),
  organisation: z.string().min(1).max(200),
  roles: z.array(z.string().min(1).max(100)).max(50),
  purpose: z.string().min(1).max(100),
  operationName: z.string().max(200).nullable(),
  documentHash: z.string().max(100).nullable(),
});

export type RequestContext = z.infer<typeof requestContextSchema>;

export const encodeRequestContext = (context: RequestContext) =>
  Buffer.from(JSON.stringify(context), 'utf8').toString('base64url');

export function decodeRequestContext(header: string | undefined): RequestContext | null {
  if (!header) return null;
  try {
    const parsed = requestContextSchema.safeParse(JSON.parse(Buffer.from(header, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
