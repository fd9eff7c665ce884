import { Agent, request, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { listen } from '../../subgraphs/kit/listen';
import { BULK_PAGE_SIZE } from '../workloads';
import { BULK, PROFILE } from './floor-queries';
import type { RunningPeer } from './hive';
import { partnerHeaders, type PartnerTarget, type PartnerTargets } from './signing';

type Data = Record<string, unknown>;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One signed POST over a keep-alive socket; the body is read as one string and parsed once. */
function call(partner: string, target: PartnerTarget, query: string, variables: Data): Promise<Data> {
  const body = JSON.stringify({ query, variables });
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...partnerHeaders(partner, target, body) };
  return new Promise((resolve, reject) => {
    const req = request(target.url, { method: 'POST', headers, agent }, (res) => {
      readBody(res).then((text) => {
        const parsed = JSON.parse(text) as { data?: Data; errors?: unknown[] };
        if (res.statusCode !== 200 || parsed.errors || !parsed.data) reject(new Error(`${partner}: ${text.slice(0, 200)}`));
        else resolve(parsed.data);
      }, reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function readBody(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

const representations = (codes: string[]) => codes.map((code) => ({ __typename: 'Neighbourhood', code }));
const entities = (data: Data) => data._entities as Data[];

/**
 * The Node floor: the least a gateway must do for the two workloads. A root fetch, the two
 * `_entities` calls in parallel, a merge by position and one serialisation; no parsing of the
 * client's document, no planning, no validation, no auth.
 */
export function floorHandler(partners: PartnerTargets): RequestListener {
  const [municipality, housing, care] = (['municipality', 'housing', 'care'] as const).map((name) => {
    const target = partners[name];
    if (!target) throw new Error(`The floor needs the ${name} partner`);
    return target;
  }) as [PartnerTarget, PartnerTarget, PartnerTarget];

  async function profile(code: string): Promise<Data> {
    const root = (await call('municipality', municipality, PROFILE.root, { code })).neighbourhood as Data | null;
    if (!root) return { neighbourhood: null };
    const keys = { representations: representations([code]) };
    const [h, c] = await Promise.all([call('housing', housing, PROFILE.housing, keys), call('care', care, PROFILE.care, keys)]);
    return { neighbourhood: { ...root, ...entities(h)[0], ...entities(c)[0] } };
  }

  async function bulk(year: number): Promise<{ data: Data; timing: string }> {
    const started = performance.now();
    const page = (await call('municipality', municipality, BULK.root, { year, first: BULK_PAGE_SIZE })).neighbourhoods as Data & { nodes: Data[] };
    const rootMs = performance.now() - started;
    const keys = { representations: representations(page.nodes.map((node) => node.code as string)), year };
    const [h, c] = await Promise.all([call('housing', housing, BULK.housing, keys), call('care', care, BULK.care, keys)]);
    const entitiesMs = performance.now() - started - rootMs;
    const [hs, cs] = [entities(h), entities(c)];
    const nodes = page.nodes.map((node, i) => ({ code: node.code, name: node.name, population: node.population, ...hs[i], ...cs[i] }));
    return { data: { neighbourhoods: { ...page, nodes } }, timing: `root;dur=${rootMs.toFixed(1)}, entities;dur=${entitiesMs.toFixed(1)}` };
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    void readBody(req)
      .then(async (text) => {
        const { operationName, variables } = JSON.parse(text) as { operationName?: string; variables?: Data };
        if (operationName === 'Indicators') {
          const { data, timing } = await bulk(Number(variables?.year));
          res.setHeader('server-timing', timing);
          return { data };
        }
        return { data: await profile(String(variables?.code)) };
      })
      .catch((error: Error) => ({ errors: [{ message: error.message }] }))
      .then((result) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(result));
      });
  };
}

export async function startFloor(partners: PartnerTargets, port = 0): Promise<RunningPeer> {
  const http = await listen(floorHandler(partners), port);
  return { url: `${http.url}/graphql`, stop: () => http.close(1_000) };
}
