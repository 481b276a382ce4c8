"""Plain PyTorch baseline for the federated benchmark: the same CNN, the same local training
(SGD, momentum, optional FedProx term) and example-weighted averaging, clients trained one after
another in one process. Prints one line: accuracy=<test accuracy> wall_s=<seconds>."""
import argparse, gzip, struct, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

def idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        magic, = struct.unpack(">i", f.read(4))
        dims = [struct.unpack(">i", f.read(4))[0] for _ in range(magic & 0xff)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)

class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 6, 5), nn.Conv2d(6, 16, 5)
        self.fc1, self.fc2, self.fc3 = nn.Linear(256, 120), nn.Linear(120, 84), nn.Linear(84, 10)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2).flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--partitions", required=True, help="file with one line of space-separated indices per client")
    p.add_argument("--rounds", type=int, default=5); p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=64); p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.9); p.add_argument("--mu", type=float, default=0.0)
    p.add_argument("--train-limit", type=int, default=60000); p.add_argument("--test-limit", type=int, default=10000)
    a = p.parse_args()
    torch.manual_seed(1)
    x = torch.tensor(idx(f"{a.data}/train-images-idx3-ubyte.gz")[:a.train_limit], dtype=torch.float32).unsqueeze(1) / 255
    y = torch.tensor(idx(f"{a.data}/train-labels-idx1-ubyte.gz")[:a.train_limit], dtype=torch.long)
    tx = torch.tensor(idx(f"{a.data}/t10k-images-idx3-ubyte.gz")[:a.test_limit], dtype=torch.float32).unsqueeze(1) / 255
    ty = torch.tensor(idx(f"{a.data}/t10k-labels-idx1-ubyte.gz")[:a.test_limit], dtype=torch.long)
    parts = [torch.tensor([int(i) for i in line.split()], dtype=torch.long) for line in open(a.partitions) if line.strip()]
    start = time.time()
    model = Cnn()
    for _ in range(a.rounds):
        total, sums = 0, None
        global_state = {k: v.clone() for k, v in model.state_dict().items()}
        for part in parts:
            local = Cnn(); local.load_state_dict(global_state)
            opt = torch.optim.SGD(local.parameters(), lr=a.lr, momentum=a.momentum)
            g = [v.clone() for v in local.parameters()]
            for _ in range(a.epochs):
                perm = part[torch.randperm(len(part))]
                for b in range(0, len(perm), a.batch_size):
                    idxs = perm[b:b + a.batch_size]
                    loss = F.cross_entropy(local(x[idxs]), y[idxs])
                    if a.mu > 0:
                        loss = loss + a.mu / 2 * sum(((w - w0) ** 2).sum() for w, w0 in zip(local.parameters(), g))
                    opt.zero_grad(); loss.backward(); opt.step()
            n = len(part); total += n
            sd = local.state_dict()
            sums = {k: v * n for k, v in sd.items()} if sums is None else {k: sums[k] + sd[k] * n for k in sums}
        model.load_state_dict({k: v / total for k, v in sums.items()})
    wall = time.time() - start
    with torch.no_grad():
        acc = (model(tx).argmax(1) == ty).float().mean().item()
    print(f"accuracy={acc:.4f} wall_s={wall:.2f}")

if __name__ == "__main__":
    main()
