import { deadlineOf, requestDeadline } from '../../../gateway/deadline';

// The budget of an operation, on a clock the test gives: 5 s interactive, 60 s bulk.
describe("an operation's deadline", () => {
  const budget = (prefer?: string) => requestDeadline(prefer, 5_000, 60_000, 1_000);

  test('when a request says nothing, then it gets the interactive budget', () => {
    expect(budget()).toEqual({ at: 6_000, budgetMs: 5_000 });
  });

  test('when a request prefers to wait longer, then it gets that within the bulk budget', () => {
    expect(budget('wait=30').budgetMs).toBe(30_000);
    expect(budget('respond-async, wait=600').budgetMs).toBe(60_000);
    expect(budget('return=minimal; wait="12"').budgetMs).toBe(12_000);
    expect(budget('wait=0').budgetMs).toBe(1_000);
  });

  test('when the Prefer header asks for something else, then the interactive budget holds', () => {
    expect(budget('return=minimal').budgetMs).toBe(5_000);
    expect(budget('await=30').budgetMs).toBe(5_000);
  });

  test('when an operation brought no deadline (a BI page), then its first partner call gives it the bulk budget and later calls share it', () => {
    const context: { deadline?: { at: number; budgetMs: number } } = {};
    const first = deadlineOf(context, 60_000);
    expect(first.budgetMs).toBe(60_000);
    expect(deadlineOf(context, 60_000)).toBe(first);
  });
});
