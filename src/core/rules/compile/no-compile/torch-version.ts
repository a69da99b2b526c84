// compile/no-compile: torch.compile exists from PyTorch 2.0 (the shared library-defaults table, rows
// torch/compile-unavailable and torch/compile-available, with their sources). A project whose declared dependencies
// (requirements, pyproject, setup.py, conda environment.yml — read by extract/deps.ts, nearest folder first) allow
// only PyTorch 1.x cannot follow the advice without an upgrade that is not the rule's to propose. Used by the config
// and the training-loop checks alike.
import { declaredVersion } from '../../../extract/deps';
import { parseRange, rangesIntersect } from '../../../data/versions';
import { appliesTo, libraryDefault, resolveDefault } from '../../../data/library-defaults';
import { callArgs } from '../../../extract/python/ast';
import type { PyAnalysis } from '../../../extract/python/analysis';
import { importedModules } from '../../../extract/python/modules';
import type { WorkspaceReader } from '../../../settings';
import type { RuleContext } from '../../rule';

export function torchBefore2(ctx: RuleContext): boolean {
  const d = declaredVersion(ctx.workspace, ctx.doc.path, 'torch');
  if (!d) return tensorflowBefore22(ctx);
  const r = resolveDefault('torch.compile', 'available', d.range);
  return r.kind === 'known' && r.row.value === false;
}

/**
 * The project declares no torch but pins TensorFlow below 2.2 (`tensorflow==1.15.2`, tacotron2's requirements):
 * "the only TF versions with python3.8 support are versions after and including TF2.2" (a TensorFlow maintainer,
 * tensorflow/tensorflow#41667), and PyTorch 2.0 dropped Python 3.7 (pytorch/pytorch#80513), so the environment these
 * files run in has no PyTorch 2.
 */
function tensorflowBefore22(ctx: RuleContext): boolean {
  return ['tensorflow', 'tensorflow-gpu'].some((name) => {
    const d = declaredVersion(ctx.workspace, ctx.doc.path, name);
    return d !== undefined && !rangesIntersect(d.range, TF_FROM_2_2);
  });
}

const TF_FROM_2_2 = parseRange('>=2.2')!;

/**
 * Code written for PyTorch 1.x, read from the code where no dependency file says so: `torch.stft` called without
 * `return_complex` (no `**kwargs` either), in this file or in a repository module it imports by `from X import`
 * (one hop). From 2.0 such a call raises on a real tensor (row torch/stft-return-complex-required), so code that
 * makes it runs on 1.x, which has no torch.compile (hifi-gan's training script, whose mel features come from its
 * `meldataset.py`).
 */
export function writtenForTorch1(a: PyAnalysis, ws: WorkspaceReader | undefined): boolean {
  const row = libraryDefault('torch/stft-return-complex-required');
  // over the distinct qualified names of the module's calls (every call with one is in byName)
  const oldStft = (m: PyAnalysis) =>
    [...m.byName.keys()].filter((q) => appliesTo(row, q)).some((q) => m.byName.get(q)!.some((c) => {
      const args = callArgs(m.text, c);
      // return_complex is the tenth positional parameter (input, n_fft, hop_length, win_length, window, center,
      // pad_mode, normalized, onesided, return_complex)
      return !args.splat && !args.keywords.has('return_complex') && args.positional.length < 10;
    }));
  if (oldStft(a)) return true;
  return !!ws && importedModules(a, ws).some(oldStft);
}

/**
 * The file, or a repository module it imports by `from X import` (one hop: the model's module), packs variable-length
 * sequences for an RNN (`pack_padded_sequence`, `pack_sequence`, `pad_packed_sequence`). TorchDynamo graph-breaks
 * there (row torch/compile-packed-sequence-graph-break): the packed RNN, most of such a model's work, runs eagerly
 * under `torch.compile`, so compiling the loop's model saves little beyond its warm-up (an image captioner's LSTM
 * decoder, a packed GRU sentiment model).
 */
export function packsSequences(a: PyAnalysis, ws: WorkspaceReader | undefined): boolean {
  const row = libraryDefault('torch/compile-packed-sequence-graph-break');
  const packs = (m: PyAnalysis) => [...m.byName.keys()].some((q) => appliesTo(row, q));
  if (packs(a)) return true;
  return !!ws && importedModules(a, ws).some(packs);
}
