import torch as t
from torch.utils.data import DataLoader


def evaluate(model, loader: DataLoader) -> float:
    model.eval()
    correct = total = 0
    for x, y in loader:
        logits = model(x.cuda())  # expect: grad/no-grad-inference
        correct += (logits.argmax(-1) == y.cuda()).sum().item()
        total += y.numel()
    return correct / total


@t.no_grad()
def evaluate_decorated(model, loader):
    model.eval()
    return [model(x.cuda()).argmax(-1) for x, _ in loader]


def predict(model, x):
    with t.inference_mode():
        return model(x)


def validate(model, loader):
    t.set_grad_enabled(False)
    losses = []
    for x, y in loader:
        losses.append(model(x.cuda(), labels=y.cuda()).loss.item())
    t.set_grad_enabled(True)
    return sum(losses) / len(losses)
