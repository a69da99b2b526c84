from transformers import AutoModelForCausalLM, Trainer, TrainingArguments
from codecarbon import track_emissions

model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-1.5B", torch_dtype="auto")


@track_emissions(project_name="qwen-sft")
def main(train_set):
    args = TrainingArguments(
        output_dir="runs/qwen",
        bf16=True,
        per_device_train_batch_size=8,
        gradient_accumulation_steps=4,
        gradient_checkpointing=True,
        torch_compile=True,
        num_train_epochs=1,
    )
    Trainer(model=model, args=args, train_dataset=train_set).train()
