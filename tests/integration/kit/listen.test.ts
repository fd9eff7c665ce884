import { listen } from '../../../subgraphs/kit/listen';

describe('graceful shutdown', () => {
  test('when the server is closed during a request, then that request still gets its answer', async () => {
    const http = await listen((_req, res) => void setTimeout(() => res.end('done'), 200), 0);
    const answer = fetch(http.url).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    await http.close(5_000);
    expect(await answer).toBe('done');
  });

  test('when a request hangs past the grace period, then shutdown still completes and the request is cut', async () => {
    const http = await listen(() => undefined, 0);
    const answer = fetch(http.url).then(() => 'answered', () => 'cut');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await http.close(100);
    expect(await answer).toBe('cut');
  });
});
