// hardware/legacy-accelerator: legacy accelerator. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'hardware/legacy-accelerator',
    title: 'legacy accelerator',
    severity: 'warning',
    fixSafety: 'manual',
    languages: ['yaml', 'json', 'python', 'notebook', 'shell', 'pbtxt'],
  },
  docs: {
    whatItDoes:
      "Flags training or serving pinned, in a launch config (SkyPilot `accelerators:`, an accelerate SageMaker instance type, code that names a device), to an NVIDIA accelerator generations behind: K80, P100, V100 for any job, T4 for training.",
    whyItCosts:
      "Older GPUs do far less work per joule. Dense half-precision peaks per watt of TDP: V100 125 TFLOP/s at 300 W (0.42 TFLOP/s per W), A100 312 at 400 W (0.78), H100 989 at 700 W (1.41) (NVIDIA datasheets, in Wattlint's hardware table), so the same run uses roughly 1.9× (A100) to 3.4× (H100) less accelerator energy than on V100. Volta and Turing also lack bf16, and T4's 16 GB at 320 GB/s makes training memory-bound.",
    example: {
      file: "sky.yaml",
      code: "resources:\n  accelerators: V100:8\nrun: |\n  torchrun --nproc_per_node 8 train.py\n",
    },
    useInstead: {
      file: "sky.yaml",
      code: "resources:\n  accelerators: A100:8   # or H100:4\nrun: |\n  torchrun --nproc_per_node 8 train.py --bf16 True\n",
    },
    fixSafety:
      "Advice only (manual): moving to other hardware changes price, quota, availability and sometimes the code (bf16), which only you can weigh. Set `hardware-fixed = true` in wattlint.toml when the hardware cannot change.",
    estimatedImpact:
      "About 45–70 % less accelerator energy for the same training work on A100/H100 versus V100, from the FLOP/s-per-watt ratios above at equal utilisation (datasheet peaks; real MFU differs by model). The engine prices both and reports the difference.",
    notFlagged:
      "Inference-sized jobs on T4/L4 (T4 is an inference card); A100, H100, L4, L40S and newer; hardware the user marked as fixed (`hardware-fixed = true`); non-NVIDIA accelerators.",
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx)],
};
