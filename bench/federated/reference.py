"""Plain PyTorch baseline for the federated benchmark: the same CNN, the same local training
(SGD, momentum, optional FedProx term) and example-weighted averaging, clients trained one after
another in one process. Starts from Chorus's initial weights (--init, a safetensors file), trains each
client on its Chorus partition (--partitions) and visits its examples in the order Chorus's trainer does
(java.util.SplittableRandom seeded seed·31 + client, reproduced below; orders drawn before the clock
starts). Prints one line: accuracy=<test accuracy> wall_s=<seconds> cpu_s=<process CPU seconds> threads=<torch threads>."""
import argparse, gzip, json, struct, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

M64 = (1 << 64) - 1

def idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        magic, = struct.unpack(">i", f.read(4))
        dims = [struct.unpack(">i", f.read(4))[0] for _ in range(magic & 0xff)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)

def safetensors(path):
    """Name → float32 tensor from a safetensors file (F32 only, as Chorus writes models)."""
    with open(path, "rb") as f:
        n, = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        assert t["dtype"] == "F32", t
        lo, hi = t["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[lo:hi], dtype="<f4").copy()).reshape(t["shape"])
    return out

class SplittableRandom:
    """java.util.SplittableRandom(seed): nextInt(bound) as JDK 17+ draws it (RandomSupport.boundedNextInt)."""
    def __init__(self, seed):
        self.seed = seed & M64

    def next_int(self):
        self.seed = (self.seed + 0x9e3779b97f4a7c15) & M64
        z = self.seed
        z = ((z ^ (z >> 33)) * 0x62a9d9ed799705f5) & M64
        r = (((z ^ (z >> 28)) * 0xcb24d0a5c88c35b3) & M64) >> 32
        return r - (1 << 32) if r >= 1 << 31 else r

    def next_bounded(self, bound):
        m = bound - 1
        r = self.next_int()
        if bound & m == 0:
            return r & m
        u = (r & 0xffffffff) >> 1
        while True:
            r = u % bound
            if u + m - r < 1 << 31:  # Java's int overflow test: u + m - r < 0
                return r
            u = (self.next_int() & 0xffffffff) >> 1

def shuffled(indices, random):
    """CnnTrainer.shuffle: Fisher–Yates from the end."""
    a = list(indices)
    for i in range(len(a) - 1, 0, -1):
        j = random.next_bounded(i + 1)
        a[i], a[j] = a[j], a[i]
    return a

class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 6, 5), nn.Conv2d(6, 16, 5)
        self.fc1, self.fc2, self.fc3 = nn.Linear(256, 120), nn.Linear(120, 84), nn.Linear(84, 10)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2).flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))

def test(model, tx, ty):
    """(accuracy, mean cross-entropy) of the model on the test split."""
    with torch.no_grad():
        logits = model(tx)
        return (logits.argmax(1) == ty).float().mean().item(), F.cross_entropy(logits, ty).item()

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--partitions", required=True, help="file with one line of space-separated indices per client")
    p.add_argument("--init", help="safetensors file with the initial weights (default: PyTorch's own initialisation)")
    p.add_argument("--seed", type=int, default=1, help="the simulation's seed: client i shuffles with seed·31 + i")
    p.add_argument("--rounds", type=int, default=10); p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=64); p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.9); p.add_argument("--mu", type=float, default=0.0)
    p.add_argument("--train-limit", type=int, default=60000); p.add_argument("--test-limit", type=int, default=10000)
    p.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: PyTorch's default)")
    p.add_argument("--curve", action="store_true", help="also print each round's test accuracy and loss (round=… lines, off the clock)")
    p.add_argument("--nudge", type=int, default=0, help="if not 0, scale the initial weights by 1 + 6e-8·N(0,1) drawn with this seed: "
                   "a float-rounding-sized change, to measure how far rounding noise alone moves the result")
    a = p.parse_args()
    torch.manual_seed(1)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    x = torch.tensor(idx(f"{a.data}/train-images-idx3-ubyte.gz")[:a.train_limit], dtype=torch.float32).unsqueeze(1) / 255
    y = torch.tensor(idx(f"{a.data}/train-labels-idx1-ubyte.gz")[:a.train_limit], dtype=torch.long)
    tx = torch.tensor(idx(f"{a.data}/t10k-images-idx3-ubyte.gz")[:a.test_limit], dtype=torch.float32).unsqueeze(1) / 255
    ty = torch.tensor(idx(f"{a.data}/t10k-labels-idx1-ubyte.gz")[:a.test_limit], dtype=torch.long)
    parts = [[int(i) for i in line.split()] for line in open(a.partitions) if line.strip()]
    randoms = [SplittableRandom(a.seed * 31 + c) for c in range(len(parts))]
    orders = [[[torch.tensor(shuffled(part, randoms[c]), dtype=torch.long) for _ in range(a.epochs)] for c, part in enumerate(parts)]
              for _ in range(a.rounds)]
    model = Cnn()
    if a.init:
        model.load_state_dict(safetensors(a.init))
    if a.nudge:
        gen = torch.Generator().manual_seed(a.nudge)
        model.load_state_dict({k: v * (1 + 6e-8 * torch.randn(v.shape, generator=gen)) for k, v in model.state_dict().items()})
    start, cpu = time.time(), time.process_time()
    for r in range(a.rounds):
        total, sums = 0, None
        global_state = {k: v.clone() for k, v in model.state_dict().items()}
        for c, part in enumerate(parts):
            local = Cnn(); local.load_state_dict(global_state)
            opt = torch.optim.SGD(local.parameters(), lr=a.lr, momentum=a.momentum)
            g = [v.detach().clone() for v in local.parameters()]  # detached: the proximal term must pull towards a constant
            for perm in orders[r][c]:
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
        if a.curve:
            paused, paused_cpu = time.time(), time.process_time()
            print("round=%d accuracy=%.4f loss=%.4f" % ((r + 1,) + test(model, tx, ty)), flush=True)
            start, cpu = start + time.time() - paused, cpu + time.process_time() - paused_cpu
    wall, cpu = time.time() - start, time.process_time() - cpu
    acc, _ = test(model, tx, ty)
    print(f"accuracy={acc:.4f} wall_s={wall:.2f} cpu_s={cpu:.2f} threads={torch.get_num_threads()}")

if __name__ == "__main__":
    main()
