// Estimates for hosted-model jobs: closed models get a range over their tier's assumed size (one significant
// figure, the assumption named in the notes, no device-hour cost); open-weight models go to the engine as is.
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../src/core/analyze';
import { resolveSettings } from '../../src/core/config/load';
import { estimateApiJob } from '../../src/core/extract/api/estimate';
import type { Range3 } from '../../src/core/types';

const settings = resolveSettings();
const jobOf = (model: string, max = 300) => {
  const text = `import OpenAI from "openai";\nconst c = new OpenAI();\nexport const f = (t: string) => c.chat.completions.create({ model: "${model}", max_completion_tokens: ${max}, messages: [{ role: "user", content: t }] });\n`;
  const r = analyzeText('svc.ts', text, { settings, estimates: false });
  assert.equal(r.jobs.length, 1);
  return r.jobs[0];
};
const oneSig = (x: number) => Number(x.toPrecision(1)) === x;

describe('model-API estimates', () => {
  it('gives a closed model a wide range at one significant figure, and says why', () => {
    const e = estimateApiJob(jobOf('gpt-4o'), settings);
    assert.ok(e?.energyPerRequestJ, 'an energy per request');
    const r = e.energyPerRequestJ as Range3;
    assert.ok(r.low < r.mid && r.mid < r.high, JSON.stringify(r));
    assert.ok(r.high / r.low >= 5, 'the range reflects the unknown size');
    for (const v of [r.low, r.mid, r.high]) assert.ok(oneSig(v), `${v} has one significant figure`);
    assert.equal(e.label, undefined, 'no grade from an assumed size');
    assert.equal(e.costUSD, undefined, 'no device-hour cost for an API customer');
    assert.match(e.notes[0], /does not publish its size/);
    assert.deepEqual((e.assumptions.listPriceUSD as { inputPerMTok: number }).inputPerMTok, 2.5);
  });

  it('a larger tier and a longer output cost more energy per request', () => {
    const small = estimateApiJob(jobOf('gpt-4o-mini'), settings)!.energyPerRequestJ!;
    const big = estimateApiJob(jobOf('gpt-4'), settings)!.energyPerRequestJ!;
    assert.ok(big.mid > small.mid);
    const short = estimateApiJob(jobOf('gpt-4o', 10), settings)!.energyPerRequestJ!;
    const long = estimateApiJob(jobOf('gpt-4o', 2000), settings)!.energyPerRequestJ!;
    assert.ok(long.mid > short.mid);
  });

  it('gives an unknown hosted model a rate over every tier, and says the model is missing', () => {
    const e = estimateApiJob(jobOf('my-own-finetune'), settings)!;
    assert.equal(e.energyKWh, undefined, 'no total without a request count');
    assert.equal(e.rate?.per, '1000 requests');
    assert.ok(e.rate!.energyKWh.high / e.rate!.energyKWh.low >= 20, 'the range reflects nano … frontier');
    assert.ok(e.missing?.includes('model'));
    assert.match(e.notes[0], /not in the model table/);
  });
});
