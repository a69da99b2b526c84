from transformers import TrainingArguments

args = TrainingArguments(
    output_dir="out/llama-sft",
    bf16=True,
    per_device_train_batch_size=1,  # expect: batching/tiny-train-batch
    num_train_epochs=2,
    gradient_checkpointing=True,
)
