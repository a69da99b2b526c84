// grad/no-grad-inference: inference with autograd on. Owner of the docs: the Python checks.
import type { Rule } from '../../rule';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'grad/no-grad-inference',
    title: 'inference with autograd on',
    severity: 'warning',
    fixSafety: 'unsafe',
    languages: ['python', 'notebook'],
  },
  docs: {
    whatItDoes:
      'Flags forward passes in evaluation or inference code that run with autograd on: `model(x)` / `model.forward(x)` (the model resolved where it is used: a local, a parameter, `self.model`) after `model.eval()`, in functions named like evaluate / validate / test / predict / infer, or in a file that only loads a pretrained model, with no `torch.no_grad()`, `torch.inference_mode()` (context or decorator) or `torch.set_grad_enabled(False)` in scope.',
    whyItCosts:
      'With grad enabled PyTorch records the graph and keeps every intermediate activation that a backward pass would need alive until the output is freed (PyTorch docs, \'Autograd mechanics\'), so evaluation holds far more memory than it needs and pays the bookkeeping on every op; `inference_mode` additionally skips view tracking and version-counter updates (PyTorch docs, `torch.inference_mode`). The freed memory is what allows larger evaluation batches. `model.eval()` only switches dropout and batch-norm behaviour; it does not turn autograd off.',
    example: { file: 'evaluate.py', code: 'model.eval()\nfor batch in val_loader:\n    logits = model(**batch).logits' },
    useInstead: { file: 'evaluate.py', code: 'model.eval()\nwith torch.inference_mode():\n    for batch in val_loader:\n        logits = model(**batch).logits' },
    fixSafety:
      'Unsafe: wraps the loop (or the statement) in `with torch.inference_mode():`, re-indenting it, using the file\'s own alias for torch and adding `import torch` only when torch is not imported. Tensors created under inference mode cannot later take part in autograd; if results are reused for training, use `torch.no_grad()` instead. No fix is offered when re-indenting would change a multi-line string. Around a loop that `yield`s, a `with` block would leave autograd off in the caller between iterations: the fix is then advice to decorate the generator function with `@torch.inference_mode()`. One edit per wrapped loop, however many forward calls it holds.',
    estimatedImpact:
      'Mostly memory: activations are freed layer by layer instead of kept for the whole forward, typically letting the evaluation batch grow several-fold; the forward itself is usually a few percent faster. Wattlint\'s engine carries this as `gradDisabled: true`; the figure is an engineering estimate, not a benchmark, so treat it as indicative.',
    notFlagged:
      'diffusers pipelines (`DiffusionPipeline`, `AutoPipelineFor*`, `*Pipeline` from diffusers: their `__call__` is decorated `@torch.no_grad()`) and the methods of a class that subclasses one (called from that `__call__`); any no-grad scope, including decorators (`@torch.no_grad()`, `@torch.inference_mode`), aliases (`import torch as t`, `from torch import no_grad as ng`), `set_grad_enabled(False)` earlier in the block or module or in a package `__init__.py` above the module (TGI turns autograd off server-wide at import), and helpers only called from no-grad code; a model whose class (in the file or imported from the repository) runs its forward under no_grad (a decorated `forward`, or one that returns a decorated method); HF `generate()` and pipelines (no-grad inside); a model\'s own code (methods of nn.Module / LightningModule classes, `forward*` functions: Lightning runs validation / test / predict steps without grad); methods of a Trainer subclass other than its eval methods (`compute_loss` is the training forward, the trainer runs its backward); code that calls `.backward()` or an optimizer step in the same loop, or creates inputs with `requires_grad=True`; models outside PyTorch autograd (Flax / TF ports, Neuron, ONNX Runtime and OpenVINO graphs, JAX files); tokenizer and processor calls; a single forward at module level (a notebook cell, a demo), one in a function called once at module level of a file with no GPU (a conversion check), a forward repeated unchanged (`for _ in range(10):`, warm-up and timing loops), a loop over a handful of literal items (a demo\'s questions) and benchmark harnesses. CPU inference (a model created in a file that shows no GPU, never given a device (`device=`, `device_map=`), moved (`.to(...)`, `.cuda()`) or placed (accelerate `prepare`, DDP/FSDP, DeepSpeed), as in a CPU serving example) is reported as info: the graph costs less there. A single forward (no loop) in a function that this file calls only behind a config switch (`if args.validate_with_forward_pass:`, directly or through one helper) and never in a loop: an opt-in check run once per checkpoint save, not a workload.',
  },
  check: (ctx) => [...checkPython(ctx)],
};
