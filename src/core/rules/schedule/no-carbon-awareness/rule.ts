// schedule/no-carbon-awareness: high-carbon region for a flexible job. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';

export const rule: Rule = {
  meta: {
    id: 'schedule/no-carbon-awareness',
    title: 'high-carbon region for a flexible job',
    severity: 'info',
    fixSafety: 'manual',
    languages: ['yaml', 'json', 'shell', 'toml'],
  },
  docs: {
    whatItDoes:
      "Flags a launch or scheduling config (SkyPilot `resources.region`, an accelerate SageMaker `region`) that explicitly places a flexible batch-training job on a high-carbon grid (400 gCO2/kWh or more), and names the cleanest region of the same provider in the bundled table. Info level.",
    whyItCosts:
      "The same kilowatt-hours emit very different CO2 depending on the grid: Google's own 2024 figures put asia-south1 (Mumbai) at 679 gCO2/kWh and us-west1 (Oregon) at 79 (GoogleCloudPlatform/region-carbon-info), an 8.6× difference. Batch training rarely needs to run near its users, so an explicit choice of a dirty region is an avoidable cost; so is running at a grid's peak-intensity hours.",
    example: {
      file: "sky.yaml",
      code: "resources:\n  cloud: gcp\n  region: asia-south1\n  accelerators: A100:8\n",
    },
    useInstead: {
      file: "sky.yaml",
      code: "resources:\n  cloud: gcp\n  region: us-west1      # 79 gCO2/kWh (2024)\n  accelerators: A100:8\n",
    },
    fixSafety:
      "Advice only (manual): data residency, quotas, prices and egress differ between regions; the message names a cleaner region, and carbon-aware start times (e.g. scheduling at low-intensity hours) are another option.",
    estimatedImpact:
      "The CO2 of the run falls by 1 − (new intensity / current intensity), 50–90 % between the dirtiest and cleanest regions of one provider; energy itself is unchanged. Intensities: Google region-carbon-info (2023/2024), Cloud Carbon Footprint coefficients (AWS, Azure), codecarbon's country table, each with its year.",
    notFlagged:
      "Configs that make no explicit region choice (the default region comes from settings); regions under 400 gCO2/kWh; latency-bound serving (SkyServe `service:`, vLLM endpoints).",
  },
  check: (ctx) => [...checkConfig(ctx)],
};
