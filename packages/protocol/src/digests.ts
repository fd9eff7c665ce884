import { createHash } from 'node:crypto';

// Shared by the gateway and the tools that write its files, so both hash the same way.

/** A trusted document's id: the sha256 of its text, as Apollo's persisted queries name it. */
export const documentId = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');

/** How a consumer's API key is kept in the consumers file: only its sha256, never the key. */
export const hashApiKey = (apiKey: string) => createHash('sha256').update(apiKey, 'utf8').digest('hex');
