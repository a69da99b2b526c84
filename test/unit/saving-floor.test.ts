// The saving floor (`min-saving-kwh`): a finding whose paired saving the engine can total for the whole run and
// finds below the floor is not reported; the facts that let the engine total a run (the examples a training run
// sees, the model calls a one-off script makes) are read from the code, and only as far as the code shows them.
import { strict as assert } from 'node:assert';
import { analyzeText, type FileAnalysis } from '../../src/core/analyze';
import { parseConfigText, resolveSettings } from '../../src/core/config/load';
import { defaultSettings, type AnalysisSettings } from '../../src/core/settings';
import { estimateSaving } from '../../src/core/engine';
import { immaterial } from '../../src/core/engine/severity';
import { lookupDataset } from '../../src/core/data/lookup';
import type { JobFacts } from '../../src/core/types';

const noFloor: AnalysisSettings = { ...defaultSettings, minSavingKWh: 0 };

function analyse(text: string, settings: AnalysisSettings = defaultSettings, file = 'job.py'): FileAnalysis {
  return analyzeText(file, text, { settings });
}
function facts(r: FileAnalysis, i = 0): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r.jobs[i].facts).map(([k, f]) => [k, f?.value]));
}

const GLUE_TRAINER = (load: string, extra = '') => `from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments
raw = ${load}
${extra}
model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)
args = TrainingArguments("out", per_device_train_batch_size=8)
trainer = Trainer(model=model, args=args, train_dataset=raw["train"])
trainer.train()
`;

describe('saving floor: findings that save minutes of one GPU are not reported', () => {
  it('a three-epoch bert-base run on 200 IMDB reviews: the fp32 finding has a per-run saving below the floor, and is dropped by default', () => {
    const text = GLUE_TRAINER('load_dataset("imdb", split="train[:200]")');
    const all = analyse(text, noFloor);
    const f = all.findings.find((x) => x.rule === 'precision/fp32-training');
    assert.ok(f, 'with the floor at 0 the finding is there');
    assert.ok(f.saving?.energyKWh, 'the engine totals the run');
    assert.ok(f.saving.energyKWh.high < defaultSettings.minSavingKWh, `saving ${JSON.stringify(f.saving.energyKWh)}`);
    assert.equal(facts(all).datasetSize, 200);
    assert.equal(analyse(text).findings.find((x) => x.rule === 'precision/fp32-training'), undefined);
  });

  it('the same script on a dataset of unknown size keeps its finding (a rate is never below the floor)', () => {
    const r = analyse(GLUE_TRAINER('load_dataset("acme/unknown-corpus")'));
    const f = r.findings.find((x) => x.rule === 'precision/fp32-training');
    assert.ok(f);
    assert.equal(f.saving?.energyKWh, undefined);
  });

  it('a run of the same model on 2,000 IMDB reviews (3 epochs) stays above the floor', () => {
    const text = GLUE_TRAINER('load_dataset("imdb", split="train[:2000]")');
    const f = analyse(text).findings.find((x) => x.rule === 'precision/fp32-training');
    assert.ok(f, 'reported');
    assert.ok(f.saving?.energyKWh && f.saving.energyKWh.high >= defaultSettings.minSavingKWh);
  });

  it('`min-saving-kwh` in wattlint.toml moves the floor; a negative value is refused', () => {
    const r = parseConfigText('wattlint.toml', 'min-saving-kwh = 0\n');
    assert.ok(r.ok);
    assert.equal(resolveSettings(r.config).minSavingKWh, 0);
    assert.ok(!parseConfigText('wattlint.toml', 'min-saving-kwh = -1\n').ok);
  });

  it('per-day (serving) savings and region moves are never judged by the per-run floor', () => {
    const small = { low: 0, mid: 0.001, high: 0.002 };
    assert.equal(immaterial({ saving: { energyFraction: small, basis: '', energyKWh: small, per: 'day' }, patch: { inferenceBatch: 8 } }, 0.1), false);
    assert.equal(immaterial({ saving: { energyFraction: small, basis: '', energyKWh: small }, patch: { region: 'se' } }, 0.1), false);
    assert.equal(immaterial({ saving: { energyFraction: small, basis: '', energyKWh: small }, patch: { precision: 'bf16' } }, 0.1), true);
    assert.equal(immaterial({ saving: { energyFraction: small, basis: '', energyKWh: small }, patch: { precision: 'bf16' } }, 0), false);
  });
});

describe('saving floor: the examples a training run sees', () => {
  it('a dataset configuration of the catalogue, and none for an unknown configuration', () => {
    assert.equal(lookupDataset('glue', 'mrpc')?.trainExamples, 3668);
    assert.equal(lookupDataset('nyu-mll/glue', 'SST2')?.trainExamples, 67349);
    assert.equal(lookupDataset('glue'), undefined, 'GLUE without a configuration is not one dataset');
    assert.equal(lookupDataset('glue', 'acme'), undefined);
  });

  it('a slice of the train split: absolute, and a percentage of a known size', () => {
    assert.equal(facts(analyse(GLUE_TRAINER('load_dataset("acme/unknown", split="train[:5000]")'), noFloor)).datasetSize, 5000);
    assert.equal(facts(analyse(GLUE_TRAINER('load_dataset("imdb", split="train[:10%]")'), noFloor)).datasetSize, 2500);
    assert.equal(facts(analyse(GLUE_TRAINER('load_dataset("acme/unknown", split="train[:10%]")'), noFloor)).datasetSize, undefined, 'a share of an unknown size');
    assert.equal(facts(analyse(GLUE_TRAINER('load_dataset("imdb", split="test")'), noFloor)).datasetSize, undefined, 'training on the test split: not the catalogue size');
  });

  it('a constant select(range(N)) of the training data bounds it; one of the evaluation data does not', () => {
    const train = GLUE_TRAINER('load_dataset("imdb")', 'small_train = raw["train"].shuffle(seed=42).select(range(1000))');
    assert.equal(facts(analyse(train, noFloor)).datasetSize, 1000);
    const evalOnly = GLUE_TRAINER('load_dataset("imdb")', 'small_eval = raw["test"].shuffle(seed=42).select(range(100))');
    assert.equal(facts(analyse(evalOnly, noFloor)).datasetSize, 25000);
    const computed = GLUE_TRAINER('load_dataset("imdb")', 'n = int(input())\nsmall_train = raw["train"].select(range(n))');
    assert.equal(facts(analyse(computed, noFloor)).datasetSize, undefined, 'a subset the file computes');
    const filtered = GLUE_TRAINER('load_dataset("imdb")', 'raw = raw.filter(lambda x: len(x["text"]) > 10)');
    assert.equal(facts(analyse(filtered, noFloor)).datasetSize, undefined);
  });

  it('a validation load beside the training load does not hide the training one', () => {
    const t = GLUE_TRAINER('load_dataset("imdb", split="train[:400]")', 'val = load_dataset("imdb", split="validation[:10]")');
    assert.equal(facts(analyse(t, noFloor)).datasetSize, 400);
  });

  it('a raw loop gets the dataset only when it states its epochs; a name bound twice to the same literal is still constant', () => {
    const loop = (epochs: string) => `import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification
raw = load_dataset("glue", "mrpc")
model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2).to("cuda")
opt = torch.optim.AdamW(model.parameters())
dl = DataLoader(raw["train"], batch_size=8)
${epochs}
for epoch in range(num_epochs):
    for batch in dl:
        model(**batch).loss.backward()
        opt.step()
`;
    const twice = facts(analyse(loop('num_epochs = 3\nnum_epochs = 3'), noFloor));
    assert.equal(twice.epochs, 3);
    assert.equal(twice.datasetSize, 3668);
    const differ = facts(analyse(loop('num_epochs = 3\nnum_epochs = 30'), noFloor));
    assert.equal(differ.epochs, undefined, 'two different values: not a constant');
    assert.equal(differ.datasetSize, undefined, 'no epochs: the run length is not known, so neither is its data');
  });
});

describe('saving floor: the model calls a one-off script makes', () => {
  const head = `import torch
from transformers import pipeline
pipe = pipeline("text-generation", model="meta-llama/Llama-2-7b-hf", device=0)
`;
  const calls = (body: string) => facts(analyse(head + body, noFloor)).requestsPerRun;

  it('counts calls at the top level and the items of literal inputs', () => {
    assert.equal(calls('print(pipe("Hello"))\n'), 1);
    assert.equal(calls('out = pipe(["a", "b", "c"])\nmore = pipe("d")\n'), 4);
    assert.equal(calls('prompt = "Hello"\nout = pipe(prompt, max_new_tokens=20)\n'), 1);
    assert.equal(calls('pipe.model.eval()\nout = pipe(max_new_tokens=5)\n'), 1, 'options only: one generation');
  });

  it('says nothing when a call repeats or its input is not shown', () => {
    assert.equal(calls('for p in open("prompts.txt"):\n    print(pipe(p))\n'), undefined);
    assert.equal(calls('def answer(q):\n    return pipe(q)\n'), undefined);
    assert.equal(calls('outs = [pipe(p) for p in ["a", "b"]]\n'), undefined);
    assert.equal(calls('import sys\nout = pipe(sys.argv[1:])\n'), undefined);
    assert.equal(calls('def run(p):\n    pass\nrun(pipe)\n'), undefined, 'the model passed on: its calls are elsewhere');
    assert.equal(calls('import json\nout = pipe(json.load(open("prompts.json")))\n'), undefined, 'a loaded file may hold any number of prompts');
    assert.equal(calls('import json\nps = ["a"]\nps.extend(json.load(open("more.json")))\nout = pipe(ps)\n'), undefined, 'a list grown after its literal');
  });

  it('the engine totals such a run: the saving scales with the calls, and the fp32 finding of one call is dropped', () => {
    const job = (n: number): JobFacts => ({
      id: 'j', file: 'j.py', flavour: 'transformers', phase: 'inference', anchor: null, dynamic: [], references: [],
      facts: { device: { value: 'gpu', origin: 'explicit' }, model: { value: 'meta-llama/Llama-2-7b-hf', origin: 'explicit' }, precision: { value: 'fp32', origin: 'default' }, requestsPerRun: { value: n, origin: 'inferred' } },
    });
    const one = estimateSaving(job(1), { precision: 'bf16' }, defaultSettings);
    const many = estimateSaving(job(1000), { precision: 'bf16' }, defaultSettings);
    assert.equal(one?.per, 'run');
    assert.ok(one?.energyKWh && many?.energyKWh);
    const ratio = many.energyKWh.mid / one.energyKWh.mid;
    assert.ok(ratio > 900 && ratio < 1100, `ratio ${ratio}`);
    const r = analyse(head + 'print(pipe("Hello"))\n');
    assert.equal(r.findings.find((f) => f.rule === 'precision/fp32-inference'), undefined);
    const looped = analyse(head + 'for p in open("prompts.txt"):\n    print(pipe(p))\n');
    assert.ok(looped.findings.find((f) => f.rule === 'precision/fp32-inference'), 'a loop over a file of prompts keeps it');
  });
});

describe('saving floor: a loaded model run by hand (generate(**inputs), a one-prompt notebook)', () => {
  const head = `import torch
from transformers import AutoModelForCausalLM, AutoTokenizer
tok = AutoTokenizer.from_pretrained("meta-llama/Llama-2-7b-hf")
model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map="cuda")
`;
  const calls = (body: string) => facts(analyse(head + body, noFloor)).requestsPerRun;

  it('counts the runs through the variable: a **inputs dict of one tokenized prompt is one, of a literal list its items', () => {
    assert.equal(calls('inputs = tok("Hello", return_tensors="pt").to("cuda")\nprint(model.generate(**inputs, max_new_tokens=20))\n'), 1);
    assert.equal(calls('print(model.generate(**tok(["a", "b", "c"], return_tensors="pt"), max_new_tokens=20))\n'), 3);
    assert.equal(calls('model.eval()\nids = tok("Hi", return_tensors="pt")\nout = model.generate(**ids)\nagain = model.generate(**ids)\n'), 2);
  });

  it('says nothing when the dict holds inputs the code does not show, or a run repeats, escapes or is a callback', () => {
    assert.equal(calls('inputs = tok(prompts, return_tensors="pt")\nprint(model.generate(**inputs))\n'), undefined);
    assert.equal(calls('inputs = tok("Hello", return_tensors="pt")\nfor _ in range(100):\n    model.generate(**inputs)\n'), undefined);
    assert.equal(calls('inputs = tok("Hello", return_tensors="pt")\nevaluate(model, inputs)\n'), undefined, 'handed on');
    assert.equal(
      calls('import gradio as gr\n\n\ndef chat(m):\n    return model.generate(**tok(m, return_tensors="pt"))\n\n\nprint(chat("hi"))\ngr.Interface(fn=chat).launch()\n'),
      undefined,
      'a function the UI calls',
    );
  });

  it('the engine prices it: the fp32 finding of one prompt is below the floor and dropped, a loop over a file of prompts keeps it', () => {
    const one = analyse(head + 'inputs = tok("Hello", return_tensors="pt").to("cuda")\nprint(model.generate(**inputs, max_new_tokens=20))\n');
    assert.equal(one.findings.find((f) => f.rule === 'precision/fp32-inference'), undefined);
    const all = analyse(head + 'inputs = tok("Hello", return_tensors="pt").to("cuda")\nprint(model.generate(**inputs, max_new_tokens=20))\n', noFloor);
    assert.ok(all.findings.find((f) => f.rule === 'precision/fp32-inference'), 'with the floor at 0 the finding is there');
    const looped = analyse(head + 'for line in open("p.txt"):\n    print(model.generate(**tok(line, return_tensors="pt"), max_new_tokens=20))\n');
    assert.ok(looped.findings.find((f) => f.rule === 'precision/fp32-inference'));
  });
});

describe('recorded run time: an executed notebook whose saved outputs say its training was short', () => {
  const notebook = (output: object | undefined) =>
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          metadata: {},
          source: [
            'import torch\n',
            'from torchvision import datasets, transforms, models\n',
            'train = datasets.ImageFolder("data/train", transform=transforms.ToTensor())\n',
            'loader = torch.utils.data.DataLoader(train, batch_size=64, num_workers=4)\n',
            'model = models.resnet101().cuda()\n',
            'opt = torch.optim.SGD(model.parameters(), lr=0.1)\n',
            'for epoch in range(90):\n',
            '    for x, y in loader:\n',
            '        loss = torch.nn.functional.cross_entropy(model(x.cuda()), y.cuda())\n',
            '        opt.zero_grad()\n',
            '        loss.backward()\n',
            '        opt.step()\n',
          ],
          outputs: output ? [output] : [],
          execution_count: 1,
        },
      ],
    });
  const stream = (text: string) => ({ output_type: 'stream', name: 'stdout', text: [text] });
  const rules = (text: string, settings: AnalysisSettings = defaultSettings) => analyse(text, settings, 'train.ipynb').findings.map((f) => f.rule).sort();

  it('no recorded time: the fp32 and compile findings are reported', () => {
    const r = rules(notebook(undefined));
    assert.ok(r.includes('precision/fp32-training'), r.join());
  });

  it('"Total Training Time: 4.20 min" (a loop\'s own print): every GPU-work finding is dropped', () => {
    assert.deepEqual(rules(notebook(stream('Epoch: 090/090\nTime elapsed: 4.18 min\nTotal Training Time: 4.20 min\n'))), []);
  });

  it("transformers' TrainOutput metrics with train_runtime 312 s: dropped; 2,400 s (40 min): kept", () => {
    const metrics = (s: number) => ({ output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/plain': [`TrainOutput(global_step=500, training_loss=0.31, metrics={'train_runtime': ${s}, 'train_samples_per_second': 12.1})`] } });
    assert.deepEqual(rules(notebook(metrics(312.4))), []);
    assert.ok(rules(notebook(metrics(2400.0))).includes('precision/fp32-training'));
  });

  it('a long recorded run keeps its findings; min-saving-kwh 0 turns the check off', () => {
    assert.ok(rules(notebook(stream('Total Training Time: 46.52 min\n'))).includes('precision/fp32-training'));
    assert.ok(rules(notebook(stream('Total Training Time: 4.20 min\n')), noFloor).includes('precision/fp32-training'));
  });
});
