import torch
from torch.utils.data import DataLoader, TensorDataset

from model import TransformerLM


def main():
    tokens = torch.load("tokens.pt")
    data = TensorDataset(tokens[:, :-1], tokens[:, 1:])
    loader = DataLoader(data, batch_size=32, shuffle=True)
    model = TransformerLM(vocab=32000, dim=1024, layers=24).to("cuda")
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    for epoch in range(20):
        for x, y in loader:
            x, y = x.cuda(), y.cuda()
            logits = model(x)  # expect: precision/fp32-training, compile/no-compile
            loss = torch.nn.functional.cross_entropy(logits.flatten(0, 1), y.flatten())
            opt.zero_grad()
            loss.backward()
            opt.step()
        torch.save(model.state_dict(), f"ckpt-{epoch}.pt")  # expect: measure/no-energy-tracking


if __name__ == "__main__":
    main()
