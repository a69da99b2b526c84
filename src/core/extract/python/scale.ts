// The scale of a raw PyTorch run, read from the code: whether anything in the file, or in a repository module it
// imports (one hop), says the run is more than a teaching exercise. The cost rules that advise on a raw training or
// evaluation loop (compile/no-compile, precision/fp32-training, grad/no-grad-inference) report only with such
// evidence: without it, the run's size is unknown, and on the labelled corpora most such loops were lecture and
// tutorial code of seconds to minutes (a bag-of-words model, a 1-100-1 MLP, a CIFAR ResNet of 16-64 channels, a
// PTB LSTM for 5 epochs), where the paired saving is nothing (docs/accuracy-rules.md, session 15).
//
// Evidence, any one of:
// - a model the file did not write: a model zoo or pretrained weights (`torchvision.models.*`, `timm`,
//   `torch.hub.load`, `from_pretrained`);
// - a run over several devices or machines (DistributedDataParallel, DataParallel, `torch.distributed`,
//   `torch.multiprocessing.spawn`, accelerate's Accelerator, `deepspeed.initialize`);
// - a network that repeats blocks, or the file's own network of more than TINY_NETWORK_PARAMS parameters where its
//   size is known (netsize.ts);
// - a helper of a library: the loop's model is a parameter of a module-level function that the module never calls,
//   so callers elsewhere choose the network and the data (a repository's shared `train_classifier(model, ...)`) (`for _ in range(n): layers.append(Block())`: a ResNet, a transformer);
// - a data set that is not a tutorial one: a torchvision data set other than the MNIST / CIFAR / SVHN family, an
//   image folder on disk (`ImageFolder`, the way ImageNet is read), a Hugging Face data set other than the tutorial
//   ones, or a string that names a large corpus (ImageNet, COCO, LAION, Kinetics, LibriSpeech, LRS2/3, VoxCeleb,
//   VCTK, LJSpeech, OpenWebText, C4, the Pile, WikiText-103);
// - a long run written down: at least LONG_EPOCHS epochs (the job's count, or the epoch loop around the forward), or as a
//   keyword, an argparse default, a dictionary entry or an assignment to a name about epochs; or LONG_STEPS steps or
//   iterations the same ways.
import { callArgs, field, nodesOfTypes, textOf, type PyNode } from './ast';
import { memo, type PyAnalysis } from './analysis';
import { constNumber, constString } from './consts';
import { enclosingLoops } from './loops';
import { importedModules } from './modules';
import { forwardScale, TINY_NETWORK_PARAMS } from './netsize';
import { repeatsBlocks, toyDataset, zooModel } from './precision';
import type { WorkspaceReader } from '../../settings';

/** Epochs from which a run is long, whatever the data set (a hundred passes over even CIFAR-10 take hours). */
export const LONG_EPOCHS = 50;
/** Optimizer steps or iterations from which a run is long. */
export const LONG_STEPS = 10_000;

const DISTRIBUTED = /^(torch\.distributed\.(init_process_group|launch|run|elastic\.\w+)|torch\.nn\.(parallel\.)?(DistributedDataParallel|DataParallel)|torch\.distributed\.fsdp\.\w+|torch\.multiprocessing\.spawn|accelerate\.Accelerator|deepspeed\.initialize)$/;
/** Tutorial-sized data sets of the data set libraries: tens of thousands of tiny images, small text corpora, citation graphs. */
const TOY_SETS = /^(torchvision\.datasets\.(MNIST|FashionMNIST|KMNIST|EMNIST|QMNIST|CIFAR10|CIFAR100|SVHN|USPS|STL10|FakeData)|torchtext\.datasets\.(PennTreebank|WikiText2|Multi30k|IMDB|SST2|UDPOS|CoNLL2000Chunking)|torch_geometric\.datasets\.(Planetoid|KarateClub|TUDataset|FakeDataset))$/;
/** The data set libraries whose classes are read as data sets. */
const DATASET_LIBS = /^(torchvision|torchaudio|torchtext|torch_geometric)\.datasets\.([A-Z]\w*)$/;
/** Names of large corpora, as words in a string (a path, a help text, a data set id). */
const LARGE_CORPUS = /(^|[^a-z0-9])(imagenet|ilsvrc|coco|mscoco|train2014|train2017|laion|kinetics|librispeech|libri-?light|lrs[23]|voxceleb\d?|vctk|ljspeech|openwebtext|c4|the[-_ ]?pile|wikitext-?103|celeba-?hq|ffhq|cc3m|cc12m|audioset)([^a-z0-9]|$)/i;
/** Names that hold a run's length. */
const EPOCH_NAME = /(^|_)(n_?)?epochs?$|^(num|max|total|train)_?epochs?$|^nepochs?$/i;
const STEP_NAME = /^(num_|max_|total_|train_|n_)?(steps|iters|iterations|train_steps|training_steps)$|^(max|total|num)_?(iter|iters|steps)$/i;

export interface ScaleEvidence {
  /** What says the run is substantial, for the finding's trace. */
  why: string;
}

/** What the rule knows of the run it advises on, besides the file. */
export interface RunFacts {
  /** The run's epochs, where the job states them (a loop over `range(100)`, `num_train_epochs=...`). */
  epochs?: number;
  /** The forward pass the rule advises on, and what its receiver resolved to (its module and origin), if anything. */
  forward?: { call: PyNode; receiver?: { origin: PyNode; mod?: PyAnalysis } };
}

/**
 * What says the run this file makes is substantial (see the header): the run's own facts, or anything in the file
 * or a repository module it imports with `from X import` (one hop); undefined when nothing does. `ws` is the
 * workspace reader (no hop without it). The file's part is memoised per file.
 */
export function scaleEvidence(a: PyAnalysis, ws: WorkspaceReader | undefined, run: RunFacts = {}): ScaleEvidence | undefined {
  if (run.epochs !== undefined && run.epochs >= LONG_EPOCHS) return { why: `${run.epochs} epochs` };
  const passes = run.forward ? epochLoopAround(a, run.forward.call) : undefined;
  if (passes !== undefined && passes >= LONG_EPOCHS) return { why: `${passes} epochs` };
  const net = run.forward ? forwardScale(a, run.forward.call, run.forward.receiver) : undefined;
  if (net === 'large') return { why: `the network has more than ${TINY_NETWORK_PARAMS / 1e6}M parameters` };
  if (net === 'library') return { why: 'a helper whose callers elsewhere choose the network and the data' };
  return memo(a, 'scale.evidence', () => {
    const own = moduleEvidence(a);
    if (own) return own;
    if (!ws) return undefined;
    for (const m of importedModules(a, ws)) {
      const e = moduleEvidence(m);
      if (e) return { why: `${e.why} (in ${m.doc.path.split('/').pop()})` };
    }
    return undefined;
  });
}

/** The passes of the loop over epochs around `n` (`for epoch in range(100):`), where its count is a constant. */
function epochLoopAround(a: PyAnalysis, n: PyNode): number | undefined {
  for (const l of enclosingLoops(n)) {
    if (l.type !== 'for_statement') continue;
    const target = field(l, 'left');
    const it = field(l, 'right');
    if (target?.type !== 'identifier' || !EPOCH_NAME.test(textOf(a.text, target)) || it?.type !== 'call') continue;
    const f = field(it, 'function');
    if (f?.type !== 'identifier' || textOf(a.text, f) !== 'range') continue;
    const args = callArgs(a.text, it).positional;
    const count = constNumber(a.text, args.length === 1 ? args[0] : args[1], a.consts);
    if (count !== undefined) return count;
  }
  return undefined;
}

function moduleEvidence(a: PyAnalysis): ScaleEvidence | undefined {
  return memo(a, 'scale.module', () => {
    if (zooModel(a)) return { why: 'a pretrained or model-zoo network is loaded' };
    const qs = [...a.byName.keys()];
    const dist = qs.find((q) => DISTRIBUTED.test(q));
    if (dist) return { why: `the run is distributed (${dist})` };
    if (repeatsBlocks(a)) return { why: 'the network repeats blocks' };
    const data = dataEvidence(a, qs);
    if (data) return { why: data };
    const long = lengthEvidence(a);
    if (long) return { why: long };
    return undefined;
  });
}

function dataEvidence(a: PyAnalysis, qs: string[]): string | undefined {
  const tiny = toyDataset(a);
  for (const q of qs) {
    const lib = DATASET_LIBS.exec(q);
    if (lib && !TOY_SETS.test(q)) {
      // an image folder read for a tiny set (the ants-and-bees folder) is not a large one
      if ((lib[2] === 'ImageFolder' || lib[2] === 'DatasetFolder') && tiny) continue;
      return `it reads ${lib[2]}`;
    }
    if (q === 'datasets.load_dataset' && !tiny) return 'it loads a Hugging Face data set';
  }
  for (const s of nodesOfTypes(a.root, 'string')) {
    const m = LARGE_CORPUS.exec(textOf(a.text, s));
    if (m) return `it names ${m[2]}`;
  }
  return undefined;
}

/** A length of run written down: LONG_EPOCHS epochs or LONG_STEPS steps, by name. */
function lengthEvidence(a: PyAnalysis): string | undefined {
  const judge = (name: string, v: PyNode | undefined): string | undefined => {
    const n = v ? constNumber(a.text, v, a.consts) : undefined;
    if (n === undefined) return undefined;
    if (EPOCH_NAME.test(name) && n >= LONG_EPOCHS) return `${n} epochs (${name})`;
    if (STEP_NAME.test(name) && n >= LONG_STEPS) return `${n} steps (${name})`;
    return undefined;
  };
  // keywords (`HParams(nepochs=...)`, `train(epochs=...)`) and argparse defaults (`add_argument("--epochs", default=...)`)
  for (const c of a.calls) {
    const args = callArgs(a.text, c);
    const f = field(c, 'function');
    if (f?.type === 'attribute' && textOf(a.text, field(f, 'attribute') ?? f) === 'add_argument') {
      const flag = args.positional.map((p) => constString(a.text, p, a.consts)).find((s) => s?.startsWith('--'));
      const d = args.keywords.get('default')?.value;
      const r = flag ? judge(flag.slice(2).replace(/-/g, '_'), d) : undefined;
      if (r) return r;
      continue;
    }
    for (const [k, v] of args.keywords) {
      const r = judge(k, v.value);
      if (r) return r;
    }
  }
  // assignments (`num_epochs = 200`) and dictionary entries (`"epochs": 3100`)
  for (const n of nodesOfTypes(a.root, 'assignment')) {
    const l = field(n, 'left');
    const name = l?.type === 'identifier' ? textOf(a.text, l) : l?.type === 'attribute' ? textOf(a.text, field(l, 'attribute') ?? l) : undefined;
    const r = name ? judge(name, field(n, 'right')) : undefined;
    if (r) return r;
  }
  for (const n of nodesOfTypes(a.root, 'pair')) {
    const k = constString(a.text, field(n, 'key'), a.consts);
    const r = k ? judge(k, field(n, 'value')) : undefined;
    if (r) return r;
  }
  return undefined;
}
