import { Agent, request } from 'node:http';
import { listen, type Listening } from '@buurtgraaf/platform';

// Issue 13: on SIGTERM, keep-alive clients were served until the grace period ended and then cut.
// From the first moment of a shutdown every answer must say Connection: close, and idle sockets
// close at once, so close() is done as soon as the last answer is sent, not at the grace period.
function get(agent: Agent, port: number, path: string): Promise<{ connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ connection: res.headers.connection, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('an HTTP server shutting down', () => {
  let server: Listening;
  let release: () => void = () => undefined;
  afterEach(() => server?.server.closeAllConnections());

  test('when keep-alive clients are connected, then answers from then on say Connection: close and close() ends long before the grace period', async () => {
    const held = new Promise<void>((resolve) => (release = resolve));
    server = await listen((req, res) => {
      const answer = () => res.end(req.url);
      if (req.url === '/slow') void held.then(answer);
      else answer();
    }, 0);
    const busy = new Agent({ keepAlive: true, maxSockets: 1 });
    const idle = new Agent({ keepAlive: true, maxSockets: 1 });
    // One client with a socket kept alive and idle, one with a request under way.
    expect((await get(idle, server.port, '/first')).connection).toBe('keep-alive');
    expect((await get(busy, server.port, '/first')).connection).toBe('keep-alive');
    const slow = get(busy, server.port, '/slow');
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = performance.now();
    const closed = server.close(60_000);
    release();
    expect(await slow).toEqual({ connection: 'close', body: '/slow' });
    await closed;
    // The grace period is 60 s; without draining, the keep-alive sockets would hold close() until then.
    expect(performance.now() - started).toBeLessThan(20_000);
    busy.destroy();
    idle.destroy();
  });
});
