import type { BreakerState } from '../../../gateway/observer';
import { CallRefusedError, PartnerBreaker, type ResilienceOptions } from '../../../gateway/resilience';

// The breaker on a clock the test moves by hand: no timing in these tests.
const OPTIONS: ResilienceOptions = {
  retries: 0,
  retryBaseMs: 1,
  breakerFailures: 3,
  breakerHalfOpenMs: 1_000,
  maxInFlight: 2,
};

function breaker(options: Partial<ResilienceOptions> = {}) {
  const states: BreakerState[] = [];
  const subject = new PartnerBreaker(
    'care',
    { ...OPTIONS, ...options },
    { fetched: () => undefined, breakerChanged: (_partner, state) => void states.push(state) },
  );
  const fail = (now: number) => subject.leave(subject.enter(now), 'failure', now);
  return { subject, states, fail };
}

describe("a partner's breaker", () => {
  test('when calls fail in a row, then it opens and refuses at once until the half-open wait is over, then lets one trial through', () => {
    const { subject, states, fail } = breaker();
    [0, 1, 2].forEach(fail);
    expect(states).toEqual(['open']);
    expect(() => subject.enter(500)).toThrow(CallRefusedError);
    const trial = subject.enter(1_002);
    expect(() => subject.enter(1_003)).toThrow(CallRefusedError);
    subject.leave(trial, 'success', 1_050);
    expect(states).toEqual(['open', 'half-open', 'closed']);
    subject.leave(subject.enter(1_060), 'success', 1_070);
  });

  test('when calls sent before it opened time out after the partner is back, then they do not reopen it', () => {
    const { subject, states, fail } = breaker({ maxInFlight: 10 });
    // Two calls go out while it is closed; the partner hangs.
    const late = [subject.enter(0), subject.enter(0)];
    [0, 1, 2].forEach(fail);
    const trial = subject.enter(1_500);
    subject.leave(trial, 'success', 1_600);
    // The calls sent at 0 time out now, after the trial closed it.
    for (const ticket of late) subject.leave(ticket, 'failure', 5_000);
    expect(states).toEqual(['open', 'half-open', 'closed']);
    expect(() => subject.enter(5_001)).not.toThrow();
  });

  test('when a trial call hangs, then after the half-open wait the next call is a trial too, and its success closes the breaker', () => {
    const { subject, states, fail } = breaker();
    [0, 1, 2].forEach(fail);
    const hung = subject.enter(1_002);
    expect(() => subject.enter(1_500)).toThrow(CallRefusedError);
    subject.leave(subject.enter(2_002), 'success', 2_050);
    // The hung trial times out at its deadline, after the breaker closed: not counted.
    subject.leave(hung, 'failure', 6_002);
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  test('when a trial call fails, then it opens again and waits the whole half-open time', () => {
    const { subject, states, fail } = breaker();
    [0, 1, 2].forEach(fail);
    // Opened at 2 by the third failure; the trial at 1,002 fails.
    fail(1_002);
    expect(states).toEqual(['open', 'half-open', 'open']);
    expect(() => subject.enter(1_900)).toThrow(CallRefusedError);
    expect(() => subject.enter(2_002)).not.toThrow();
  });

  test('when as many calls as allowed are under way, then the next one fails fast and does not count as a failure', () => {
    const { subject, states } = breaker();
    const [first] = [subject.enter(0), subject.enter(0)];
    for (let index = 0; index < 5; index += 1) expect(() => subject.enter(0)).toThrow(CallRefusedError);
    expect(states).toEqual([]);
    subject.leave(first ?? { generation: 0 }, 'success', 1);
    expect(() => subject.enter(2)).not.toThrow();
  });

  test('when a failure is followed by a success, then the count of failures in a row starts again', () => {
    const { subject, states, fail } = breaker();
    fail(0);
    fail(1);
    subject.leave(subject.enter(2), 'success', 2);
    fail(3);
    fail(4);
    expect(states).toEqual([]);
  });
});
