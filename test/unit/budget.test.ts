// The per-file time budget's batched tick (core/budget.ts `tickN`, used by nodesOfTypes for an answer it already
// has): it must read the clock and throw exactly where that many single ticks would, and never outside a budget.
import { strict as assert } from 'node:assert';
import { BudgetExceeded, setBudgetClock, tick, tickN, withBudget } from '../../src/core/budget';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('budget: tickN', () => {
  let now = 0;
  before(() => setBudgetClock(() => now));
  after(() => setBudgetClock(() => Date.now()));

  it('never throws outside withBudget', () => {
    now = 1e9;
    tickN(5000);
    tick();
  });

  it('does not throw before the deadline, throws past it (as 2,048 single ticks would)', async () => {
    now = 0;
    await sleep(30); // the clock is read at most every 25 ms of wall time
    withBudget(100, () => tickN(4096));
    for (const batched of [true, false]) {
      await sleep(30);
      now = 0;
      const run = () =>
        withBudget(100, () => {
          now = 1000;
          if (batched) tickN(2048);
          else for (let i = 0; i < 2048; i++) tick();
        });
      assert.throws(run, BudgetExceeded, batched ? 'tickN' : 'tick');
    }
  });

  it('batches of one past the deadline throw within 1,024 of them, as single ticks do', async () => {
    await sleep(30);
    now = 0;
    // line the counter up just past a multiple of 1,024 (a check happens there, before the deadline passes)
    withBudget(100, () => {
      for (let i = 0; i < 1024; i++) tick();
    });
    await sleep(30);
    // wherever the counter is now, 1,024 more ticks cross one multiple of 1,024, where the clock is read
    let threw = 0;
    for (let k = 0; k < 1024 && threw === 0; k++) {
      try {
        withBudget(100, () => {
          now = 1000;
          tickN(1);
        });
      } catch (e) {
        assert.ok(e instanceof BudgetExceeded);
        threw = k + 1;
      }
      now = 0;
    }
    assert.ok(threw > 0 && threw <= 1024, `threw after ${threw} single batches`);
  });
});

describe('budget: a lazy clock (the CLI\'s CPU time)', () => {
  let now = 0;
  let reads = 0;
  const cpu = () => {
    reads++;
    return now;
  };
  before(() => setBudgetClock(cpu, { lazy: true }));
  after(() => setBudgetClock(() => Date.now()));

  it('is not read for a file that finishes within a quarter of its budget in wall time', async () => {
    await sleep(30);
    reads = 0;
    now = 0;
    withBudget(10_000, () => {
      now = 1e9; // however far the lazy clock moves, the budget has not started counting
      for (let i = 0; i < 10_000; i++) tick();
    });
    assert.equal(reads, 0);
  });

  it('counts the whole budget in its own time once the grace is over, and throws past it', async () => {
    await sleep(30);
    reads = 0;
    now = 0;
    const t0 = Date.now();
    assert.throws(
      () =>
        withBudget(200, () => {
          // spin past the grace (a quarter of 200 ms of wall time) until the clock is first read: not before the
          // grace is over, and soon after it (the clock is checked at most every quarter budget, so a fixed spin
          // could end between two checks on a loaded machine); the budget starts at lazy time 0
          while (reads === 0 && Date.now() - t0 < 5_000) tick();
          assert.ok(reads >= 1, 'the clock was read once the grace was over');
          assert.ok(Date.now() - t0 >= 50, `the clock was read before the grace was over (${Date.now() - t0} ms)`);
          now = 150; // within the budget: no throw
          const until = Date.now() + 40;
          while (Date.now() < until) tick();
          now = 201; // past it
          for (;;) tick();
        }),
      BudgetExceeded,
    );
  });

  it('never throws outside withBudget, and a later budget starts afresh', async () => {
    now = 1e12;
    for (let i = 0; i < 5000; i++) tick();
    await sleep(30);
    reads = 0;
    withBudget(10_000, () => {
      for (let i = 0; i < 5000; i++) tick();
    });
    assert.equal(reads, 0);
  });
});
