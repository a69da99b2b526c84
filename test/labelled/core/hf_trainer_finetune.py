from datasets import load_dataset
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, Trainer,
                          TrainingArguments)

tokenizer = AutoTokenizer.from_pretrained("roberta-large")
model = AutoModelForSequenceClassification.from_pretrained("roberta-large", num_labels=2)
data = load_dataset("glue", "sst2").map(lambda b: tokenizer(b["sentence"], truncation=True), batched=True)

args = TrainingArguments(  # expect: precision/fp32-training
    output_dir="runs/sst2",
    per_device_train_batch_size=32,
    num_train_epochs=3,
    learning_rate=2e-5,
    eval_strategy="epoch",
)
trainer = Trainer(model=model, args=args, train_dataset=data["train"], eval_dataset=data["validation"],
                  tokenizer=tokenizer)
trainer.train()  # expect: measure/no-energy-tracking
