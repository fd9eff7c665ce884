import { Agent, request, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { listen } from '@buurtgraaf/platform';
import { BULK_PAGE_SIZE } from '../workloads';
import { partnerRefs } from '../../schema/subgraphs';
import { BULK, partnerSeries, PROFILE, SERIES, type SeriesKind } from './floor-queries';
import type { RunningPeer } from './hive';
import { partnerHeaders, type PartnerTarget, type PartnerTargets } from './signing';
import { type PartnerRef } from '@buurtgraaf/protocol';

type Data = Record<string, unknown>;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One signed POST over a keep-alive socket; the body is read as one string and parsed once. */
function call(partner: string, target: PartnerTarget, query: string, variables: Data): Promise<Data> {
  const body = JSON.stringify({ query, variables });
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...partnerHeaders(partner, target, body),
  };
  return new Promise((resolve, reject) => {
    const req = request(target.url, { method: 'POST', headers, agent }, (res) => {
      readBody(res).then((text) => {
        const parsed = JSON.parse(text) as { data?: Data; errors?: unknown[] };
        if (res.statusCode !== 200 || parsed.errors || !parsed.data)
          reject(new Error(`${partner}: ${text.slice(0, 200)}`));
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

interface Contributor {
  id: string;
  kind: SeriesKind;
  field: string;
  target: PartnerTarget;
}

/**
 * The Node floor: the least a gateway must do for the two workloads. A root fetch; then every
 * housing corporation's and care provider's `_entities` call in parallel, each for its own field;
 * then one `_entities` call to the combining subgraph, with those answers put into the
 * representations by position (as @requires has a gateway do); a merge by position and one
 * serialisation. No parsing of the client's document, no planning, no validation, no auth.
 */
export function floorHandler(partners: PartnerTargets, list: readonly PartnerRef[] = partnerRefs()): RequestListener {
  const targetOf = (id: string) => {
    const target = partners[id];
    if (!target) throw new Error(`The floor needs the ${id} partner`);
    return target;
  };
  const [root] = list.filter((partner) => partner.kind === 'municipality');
  const [adder] = list.filter((partner) => partner.kind === 'combiner');
  if (!root || !adder) throw new Error('The floor needs a municipality and a combining partner');
  const municipality = targetOf(root.id);
  const combiner = targetOf(adder.id);
  const contributors: Contributor[] = list
    .filter((partner): partner is PartnerRef & { kind: SeriesKind } => partner.kind in SERIES)
    .map((partner) => ({ id: partner.id, kind: partner.kind, field: partner.field, target: targetOf(partner.id) }));

  /** Every corporation's and provider's own answer for the codes, merged into one representation per code. */
  async function withContributions(codes: string[], years?: number[]): Promise<Data[]> {
    const keys = { representations: representations(codes), ...(years ? { years } : {}) };
    const answers = await Promise.all(
      contributors.map((partner) =>
        call(partner.id, partner.target, partnerSeries(partner.kind, partner.field, years !== undefined), keys),
      ),
    );
    return codes.map(
      (code, i) =>
        Object.assign({ __typename: 'Neighbourhood', code }, ...answers.map((answer) => entities(answer)[i])) as Data,
    );
  }

  async function profile(code: string): Promise<Data> {
    const found = (await call(root!.id, municipality, PROFILE.root, { code })).neighbourhood as Data | null;
    if (!found) return { neighbourhood: null };
    const summed = await call(adder!.id, combiner, PROFILE.combiner, {
      representations: await withContributions([code]),
    });
    return { neighbourhood: { ...found, ...entities(summed)[0] } };
  }

  async function bulk(year: number): Promise<{ data: Data; timing: string }> {
    const started = performance.now();
    const page = (await call(root!.id, municipality, BULK.root, { year, first: BULK_PAGE_SIZE }))
      .neighbourhoods as Data & { nodes: Data[] };
    const rootMs = performance.now() - started;
    const contributions = await withContributions(
      page.nodes.map((node) => node.code as string),
      [year],
    );
    const entitiesMs = performance.now() - started - rootMs;
    const summed = entities(await call(adder!.id, combiner, BULK.combiner, { representations: contributions, year }));
    const combinerMs = performance.now() - started - rootMs - entitiesMs;
    const nodes = page.nodes.map((node, i) => ({
      code: node.code,
      name: node.name,
      population: node.population,
      ...summed[i],
    }));
    return {
      data: { neighbourhoods: { ...page, nodes } },
      timing: `root;dur=${rootMs.toFixed(1)}, entities;dur=${entitiesMs.toFixed(1)}, combiner;dur=${combinerMs.toFixed(1)}`,
    };
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
