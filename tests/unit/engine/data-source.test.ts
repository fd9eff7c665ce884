import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { PartnerDataSource, type PartnerOptions } from '../../../gateway/data-source';
import type { GatewayContext } from '../../../gateway/observer';
import { createLogger } from '@buurtgraaf/platform';

// One partner connection against a partner on loopback that a test scripts: sizes, refusals,
// errors and hangs. Calls are counted, not timed.
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function partnerServer(handler: Handler) {
  const state = { calls: 0 };
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    state.calls += 1;
    open.add(res);
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const close = async () => {
    for (const res of open) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { url, state, close };
}

const OPTIONS: PartnerOptions = {
  timeoutMs: 30_000,
  maxSockets: 8,
  maxResponseBytes: 1024 * 1024,
  bulkDeadlineMs: 60_000,
  resilience: { retries: 2, retryBaseMs: 5, breakerFailures: 3, breakerHalfOpenMs: 60_000, maxInFlight: 8 },
};

function connect(url: string, options: Partial<PartnerOptions> = {}) {
  const source = new PartnerDataSource(
    'care',
    url,
    { secret: 's'.repeat(32) },
    { ...OPTIONS, ...options },
    createLogger('test', 'silent'),
    { fetched: () => undefined, breakerChanged: () => undefined },
  );
  const ask = (deadlineMs?: number) => {
    const context: GatewayContext = {
      caller: {
        consumer: { id: 'analyst', organisation: 'Gemeente', roles: ['analyst'], purposes: ['research'] },
        purpose: 'research',
        transactionId: 'test-0000001',
      },
      partnersCalled: new Set(),
      ...(deadlineMs ? { deadline: { at: performance.now() + deadlineMs, budgetMs: deadlineMs } } : {}),
    };
    return source.process({
      kind: 'incoming operation',
      request: { query: '{ a }', variables: {} },
      context,
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
  };
  return { ask };
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'answered',
    (error: { extensions?: { code?: string } }) => error.extensions?.code,
  );

describe('a partner connection', () => {
  let partner: Awaited<ReturnType<typeof partnerServer>>;
  afterEach(() => partner?.close());

  test('when a partner streams more than the size cap, then the call ends with PARTNER_UNAVAILABLE and the breaker does not count it', async () => {
    const chunk = Buffer.alloc(256 * 1024, 'x');
    partner = await partnerServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let index = 0; index < 40; index += 1) res.write(chunk);
      res.end();
    });
    const { ask } = connect(partner.url);
    for (let index = 0; index < 4; index += 1) expect(await codeOf(ask())).toBe('PARTNER_UNAVAILABLE');
    // Four oversized answers in a row, every one of them read: one client's big query opens no breaker.
    expect(partner.state.calls).toBe(4);
  });

  test('when a partner refuses with 503 AUDIT_UNAVAILABLE, then it is asked once, the client learns why, and the breaker stays closed', async () => {
    partner = await partnerServer((_req, res) =>
      json(res, 503, { errors: [{ message: 'no audit', extensions: { code: 'AUDIT_UNAVAILABLE' } }] }),
    );
    const { ask } = connect(partner.url);
    for (let index = 0; index < 5; index += 1) expect(await codeOf(ask())).toBe('AUDIT_UNAVAILABLE');
    expect(partner.state.calls).toBe(5);
  });

  test('when a partner sends error text, extensions or codes of its own, then only known codes, plain messages and known extensions pass', async () => {
    partner = await partnerServer((_req, res) =>
      json(res, 200, {
        data: { a: null },
        errors: [
          {
            message: 'You may not read care.clients',
            path: ['a'],
            extensions: {
              code: 'FORBIDDEN',
              field: 'Care.clients',
              token: 'secret',
              exception: { stacktrace: ['at db'] },
            },
          },
          { message: 'relation "client" does not exist', path: ['a'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
          { message: 'Call 0800\u202eevil', extensions: { code: 'BAD_USER_INPUT' } },
          { message: 'made up', extensions: { code: 'PLEASE_CALL_US' } },
        ],
      }),
    );
    const { ask } = connect(partner.url);
    expect((await ask()).errors).toEqual([
      {
        message: 'You may not read care.clients',
        path: ['a'],
        extensions: { code: 'FORBIDDEN', field: 'Care.clients' },
      },
      { message: 'Internal server error', path: ['a'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
  });

  test("when a partner hangs, then a call ends at its operation's deadline, not the 30 s timeout, and hung calls open the breaker", async () => {
    partner = await partnerServer(() => undefined);
    const { ask } = connect(partner.url);
    const started = performance.now();
    for (let index = 0; index < 3; index += 1) expect(await codeOf(ask(200))).toBe('PARTNER_UNAVAILABLE');
    // Three deadlines of 200 ms; the margin is for a busy machine, far below one 30 s timeout.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(await codeOf(ask(200))).toBe('PARTNER_UNAVAILABLE');
    expect(partner.state.calls).toBe(3);
  });

  test("when a partner answers, but slower than half the operation's budget, then the answer is used and slow answers open the breaker", async () => {
    partner = await partnerServer((_req, res) => void setTimeout(() => json(res, 200, { data: { a: 1 } }), 150));
    const { ask } = connect(partner.url);
    // Budget 250 ms: an answer after 150 ms or more used over half of it (or, on a busy machine, all of it).
    for (let index = 0; index < 3; index += 1) await codeOf(ask(250));
    expect(await codeOf(ask(250))).toBe('PARTNER_UNAVAILABLE');
    expect(partner.state.calls).toBe(3);
  });
});
