#!/usr/bin/python3
"""The lesson's softmax regression on Fashion-MNIST in PyTorch, float32, as Gradiente's trainer runs it: batch 500,
lr 0.01, classical momentum (v = mu*v - lr*g; w = w + v) on the gradient of the mean cross-entropy over the batch
(written out, no autograd), rows reshuffled every epoch and each batch's rows gathered, no loss pass over the
training set between epochs. Prints one line: peer=torch train_seconds=... test_accuracy=... (the training loop
only; loading excluded). Threads: torch.set_num_threads(2), and the caller sets OPENBLAS_NUM_THREADS=1 (as
benchmarks/bin/lesson-softmax does): Debian's PyTorch calls Debian's OpenBLAS, whose own pthread pool would
otherwise spin against PyTorch's two OpenMP threads on the same cores (4-5x slower on 2 cores)."""

import time

import torch

import lesson_peer


def main():
    args = lesson_peer.options(__doc__.splitlines()[0])
    torch.set_num_threads(2)
    x_np, labels_np = lesson_peer.load(args.data, "train")
    x_test, labels_test = (torch.from_numpy(a) for a in lesson_peer.load(args.data, "t10k"))
    x, y = torch.from_numpy(x_np), torch.from_numpy(lesson_peer.one_hot(labels_np))
    w, b = (torch.from_numpy(a) for a in lesson_peer.initial(x.shape[1], y.shape[1], args.init, args.seed))
    vw, vb = torch.zeros_like(w), torch.zeros_like(b)
    rows, batch = x.shape[0], args.batch_size
    steps = lesson_peer.steps_per_epoch(rows, batch)
    orders = lesson_peer.shuffles(rows, args.seed)

    with torch.inference_mode():
        start = time.perf_counter()
        for _ in range(args.epochs):
            order = torch.from_numpy(next(orders))
            for s in range(steps):
                idx = order[s * batch:(s + 1) * batch]
                xb = x.index_select(0, idx)
                z = torch.softmax(torch.addmm(b, xb, w), dim=1)
                z.sub_(y.index_select(0, idx)).div_(idx.shape[0])
                vw.mul_(args.momentum).add_(xb.t() @ z, alpha=-args.lr)
                vb.mul_(args.momentum).add_(z.sum(dim=0), alpha=-args.lr)
                w.add_(vw)
                b.add_(vb)
        seconds = time.perf_counter() - start
        accuracy = (torch.addmm(b, x_test, w).argmax(dim=1) == labels_test).double().mean().item()

    lesson_peer.report("torch", torch.__version__, args, seconds, accuracy, args.epochs * steps,
                       " threads=%d" % torch.get_num_threads())


if __name__ == "__main__":
    main()
