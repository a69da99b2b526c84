#!/bin/bash
torchrun --nproc_per_node 8 finetune.py --model_name_or_path meta-llama/Llama-2-7b-hf --bf16 False --per_device_train_batch_size 8  # expect: precision/fp32-training
