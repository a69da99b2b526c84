from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, DataCollatorForLanguageModeling, Trainer, TrainingArguments

model_id = "meta-llama/Llama-3.2-3B"
tokenizer = AutoTokenizer.from_pretrained(model_id)
tokenizer.pad_token = tokenizer.eos_token
model = AutoModelForCausalLM.from_pretrained(model_id)

ds = load_dataset("json", data_files="chats.jsonl")["train"]
ds = ds.map(lambda b: tokenizer(b["text"], truncation=True, max_length=2048), batched=True, remove_columns=["text"])

args = TrainingArguments(  # expect: precision/fp32-training, memory/no-grad-checkpointing
    output_dir="ckpt",
    per_device_train_batch_size=1,  # a 3B full fine-tune: memory sets the micro-batch (no tiny-train-batch finding)
    num_train_epochs=2,
    learning_rate=1e-5,
    logging_steps=10,
    save_strategy="epoch",
)
trainer = Trainer(
    model=model,
    args=args,
    train_dataset=ds,
    data_collator=DataCollatorForLanguageModeling(tokenizer, mlm=False),
)
trainer.train()  # expect: measure/no-energy-tracking
