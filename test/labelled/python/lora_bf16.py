"""LoRA fine-tune in bf16 with gradient accumulation and codecarbon: a clean file."""
import torch
from codecarbon import EmissionsTracker
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

base = AutoModelForCausalLM.from_pretrained("mistralai/Mistral-7B-v0.1", torch_dtype=torch.bfloat16)
model = get_peft_model(base, LoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "v_proj"]))
args = TrainingArguments(
    output_dir="lora",
    bf16=True,
    per_device_train_batch_size=4,
    gradient_accumulation_steps=8,
    num_train_epochs=1,
)
with EmissionsTracker(project_name="lora"):
    Trainer(model=model, args=args, train_dataset=None).train()
