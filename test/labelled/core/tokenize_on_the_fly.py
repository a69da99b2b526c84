import torch
from torch.utils.data import DataLoader, Dataset
from transformers import AutoModelForMaskedLM, AutoTokenizer, DataCollatorForLanguageModeling

tok = AutoTokenizer.from_pretrained("bert-base-uncased")


class Lines(Dataset):
    def __init__(self, path):
        self.lines = open(path).read().splitlines()

    def __len__(self):
        return len(self.lines)

    def __getitem__(self, i):
        return tok(self.lines[i], truncation=True, max_length=512)


def train(path):
    model = AutoModelForMaskedLM.from_pretrained("bert-base-uncased").cuda()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    collate = DataCollatorForLanguageModeling(tok)
    loader = DataLoader(Lines(path), batch_size=64, collate_fn=collate, num_workers=0)  # expect: data/dataloader-workers
    for batch in loader:
        batch = {k: v.cuda() for k, v in batch.items()}
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = model(**batch).loss  # expect: compile/no-compile
        loss.backward()
        opt.step()
        opt.zero_grad()
