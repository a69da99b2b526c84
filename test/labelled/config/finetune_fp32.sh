#!/usr/bin/env bash
MODEL=meta-llama/Llama-2-13b-hf
accelerate launch --config_file configs/accelerate_fsdp.yaml run_clm.py --model_name_or_path $MODEL --output_dir out \
  --per_device_train_batch_size 2 --gradient_accumulation_steps 1 --fp16 False --bf16 False  # expect: precision/fp32-training, batching/tiny-train-batch
