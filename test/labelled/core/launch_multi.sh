#!/bin/bash
# 4 GPUs, bf16 from the accelerate config
accelerate launch --config_file configs/accelerate.yaml --num_processes 4 train.py \
    --model_name_or_path gpt2-large --per_device_train_batch_size 16
torchrun --nproc_per_node 8 pretrain.py --bf16 True --gradient_checkpointing True
