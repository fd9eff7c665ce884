import { setTimeout as sleep } from 'node:timers/promises';
import { flakyPartner } from '../../helpers/flaky-partner';
import { startFederation, type Federation } from '../../helpers/federation';
import type { GraphQLResponse } from '../../helpers/http';
import { envPrefix } from '@buurtgraaf/protocol';
import { PRIMARY_ENGINE } from '../../helpers/database';

// Issue 13's faults, on a running federation with the gateway's defaults (deadline 5 s, partner
// timeout 30 s, breaker after 5, half-open after 1 s): one care provider behind a path the test
// controls. Assertions count answers and order events rather than time them (a busy machine
// stretches every interval): recovery is judged from the breaker's first trial after the return.
const QUERY = '{ neighbourhood(code: "BU03440111") { name careDemand(year: 2023) { clients } } }';

describe('when a partner hangs under load', () => {
  let federation: Federation;
  let partner: Awaited<ReturnType<typeof flakyPartner>>;
  let gateway: Pick<Federation, 'query'>;
  let careId: string;
  beforeAll(async () => {
    federation = await startFederation(PRIMARY_ENGINE, { GATEWAY_DEADLINE_MS: '5000' });
    careId = federation.subgraphs.care.name;
    partner = await flakyPartner(federation.subgraphs.care.url);
    gateway = await federation.anotherGateway({ [`SUBGRAPH_${envPrefix(careId)}_URL`]: partner.url });
  });
  afterAll(async () => {
    await federation?.stop();
    await partner?.close();
  });

  const careMissing = (response: GraphQLResponse) =>
    response.errors?.some(
      (error) => error.extensions?.code === 'PARTNER_UNAVAILABLE' && error.extensions?.partner === careId,
    ) ?? false;

  test("then each query costs at most its deadline, the other partners' figures arrive, and the first trial after its return brings full answers back", async () => {
    partner.set('hang');
    // Six clients in a loop: the first calls hang until the 5 s deadline and open the breaker.
    const answers: { started: number; at: number; ms: number; complete: boolean; name: unknown }[] = [];
    let running = true;
    const client = async () => {
      while (running) {
        const started = performance.now();
        const response = await gateway.query(QUERY);
        answers.push({
          started,
          at: performance.now(),
          ms: performance.now() - started,
          complete: !response.errors,
          name: response.data?.neighbourhood?.name,
        });
        if (!careMissing(response) && response.errors) throw new Error(JSON.stringify(response.errors));
        await sleep(50);
      }
    };
    const clients = Array.from({ length: 6 }, client);
    while (answers.length < 12) await sleep(100);
    const attemptsWhenOpen = partner.state.attempts;
    await sleep(1_500);
    // Open: the loops kept asking, the hung partner was asked at most once a second (the trial).
    expect(partner.state.attempts - attemptsWhenOpen).toBeLessThanOrEqual(3);

    partner.set('pass');
    const back = performance.now();
    while (!answers.some((answer) => answer.at > back && answer.complete)) await sleep(20);
    const recoveredAfter =
      Math.min(...answers.filter((answer) => answer.at > back && answer.complete).map((answer) => answer.at)) - back;
    // Calls sent while it hung (before the breaker opened, and trials) still time out now; they must not reopen it.
    await sleep(5_500);
    running = false;
    await Promise.all(clients);

    const slowest = Math.max(...answers.filter((answer) => answer.at < back).map((answer) => answer.ms));
    process.stdout.write(
      `faults: slowest answer while hung ${Math.round(slowest)} ms, back after ${Math.round(recoveredAfter)} ms, ${answers.length} answers\n`,
    );
    // The deadline is 5 s; a 30 s partner timeout would have cost 30 s. Margin for a busy machine.
    expect(slowest).toBeLessThan(15_000);
    expect(answers.every((answer) => typeof answer.name === 'string')).toBe(true);
    // The first complete answer came through the breaker's trial, which closed it: every query sent
    // after it got the care figures, even while calls sent into the hang still timed out. (How soon
    // after the return that was is printed, not asserted: a busy machine once took 2.6 s.)
    const afterRecovery = answers.filter((answer) => answer.started > back + recoveredAfter + 1);
    expect(afterRecovery.length).toBeGreaterThan(10);
    expect(afterRecovery.filter((answer) => !answer.complete)).toEqual([]);
  });
});
