"""The public check-worthiness data, read, de-duplicated and cleaned of every test sentence.

Pure Python (no Django, no torch): the training command and the benchmark both read the data through
here, so what the model was trained on and what it is measured on are defined once.

Layout of ``data_dir`` (the public sources, described in docs/models.md):

* ``claimbuster/train.json``, ``claimbuster/test.json``: ``[{"sentence_id", "label", "text"}]``
  (ClaimBuster, Arslan et al., ICWSM 2020; two-class split of Meng et al. 2020).
* ``checkthat2024-english/{train,dev,dev-test}.tsv``: ``Sentence_id<TAB>Text<TAB>class_label`` with
  ``Yes``/``No`` (CLEF 2024 CheckThat! Task 1, English).
* ``checkthat2020-debates/test-gold.tsv``: ``text<TAB>label`` (CLEF 2020 CheckThat! Task 5).

The CheckThat! 2024 train file holds 643 of the 702 ClaimBuster test sentences: :func:`training_pool`
removes every sentence whose :func:`sentence_key` matches a test sentence of any split we report on,
so no figure we publish was trained or tuned on.
"""

from __future__ import annotations

import csv
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "CHECKTHAT2020_TEST",
    "CHECKTHAT2024_DEV",
    "CHECKTHAT2024_DEV_TEST",
    "CHECKTHAT2024_TRAIN",
    "CLAIMBUSTER_TEST",
    "CLAIMBUSTER_TRAIN",
    "Labelled",
    "TrainingPool",
    "load_checkthat2020_tsv",
    "load_checkthat2024_tsv",
    "load_claimbuster_json",
    "sentence_key",
    "training_pool",
]

CLAIMBUSTER_TRAIN = Path("claimbuster/train.json")
CLAIMBUSTER_TEST = Path("claimbuster/test.json")
CHECKTHAT2024_TRAIN = Path("checkthat2024-english/train.tsv")
CHECKTHAT2024_DEV = Path("checkthat2024-english/dev.tsv")
CHECKTHAT2024_DEV_TEST = Path("checkthat2024-english/dev-test.tsv")
CHECKTHAT2020_TEST = Path("checkthat2020-debates/test-gold.tsv")


@dataclass(frozen=True, slots=True)
class Labelled:
    """Parallel lists of sentences and 0/1 labels (1 = check-worthy)."""

    texts: list[str]
    labels: list[int]

    def __post_init__(self) -> None:
        if len(self.texts) != len(self.labels):
            raise ValueError("texts and labels differ in length")


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "`": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"'})
_NON_WORD = re.compile(r"[\s\"']+")


def sentence_key(text: str) -> str:
    """The identity of a sentence across datasets: NFKC, lower case, quotes and whitespace ignored.

    ``'He said "no."'`` and ``"he said  \u201cno.\u201d"`` share a key; so do a TSV cell wrapped in
    quotes and the same sentence unwrapped.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return _NON_WORD.sub(" ", folded).strip()


def load_claimbuster_json(path: Path) -> Labelled:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return Labelled([str(row["text"]) for row in rows], [int(row["label"]) for row in rows])


def _unquote(cell: str) -> str:
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].replace('""', '"')
    return cell


def _tsv_rows(path: Path) -> list[list[str]]:
    # One record a line; a cell may be wrapped in quotes with "" inside (undone here). csv's own
    # quoting is not used: a stray quote in one cell would swallow the lines after it.
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [[_unquote(cell) for cell in line.split("\t")] for line in lines[1:] if line.strip()]


_GLUED_LABEL = re.compile(r"^(Yes|No)(\d+)$")


def load_checkthat2024_tsv(path: Path) -> Labelled:
    """``Sentence_id<TAB>Text<TAB>class_label`` (Yes/No); TSV quoting (``"..."`` with ``""``) undone.

    The public train file has one line holding two records (a missing newline: ``No29286`` is a label
    and the next record's id); such lines are read as the records they hold.
    """
    texts, labels = [], []
    for row in _tsv_rows(path):
        cells = list(row)
        while len(cells) >= 3:
            label = cells[2].strip()
            glued = _GLUED_LABEL.match(label)
            if glued:
                label = glued.group(1)
                rest = [glued.group(2), *cells[3:]]
            else:
                rest = []
            if label.lower() not in ("yes", "no"):
                raise ValueError(f"{path}: unexpected class_label {cells[2]!r}")
            texts.append(cells[1])
            labels.append(1 if label.lower() == "yes" else 0)
            cells = rest
    return Labelled(texts, labels)


def load_checkthat2020_tsv(path: Path) -> Labelled:
    """``text<TAB>label`` with a header line (CheckThat! 2020 Task 5); quotes kept as written."""
    texts, labels = [], []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for row in reader:
            if len(row) >= 2 and row[-1].strip() in ("0", "1"):
                texts.append("\t".join(row[:-1]))
                labels.append(int(row[-1]))
    return Labelled(texts, labels)


@dataclass(slots=True)
class TrainingPool:
    """What the model is fitted on (``fit``) and what its threshold is chosen on (``held_out``).

    ``removed_test`` counts sentences dropped because they are test sentences; ``duplicates`` counts
    repeated sentences dropped (the first label read wins: ClaimBuster before CheckThat!).
    """

    fit: Labelled
    held_out: Labelled
    removed_test: int = 0
    duplicates: int = 0
    sources: dict[str, int] = field(default_factory=dict)


def training_pool(data_dir: Path, *, held_out_fraction: float = 0.1, seed: int = 13) -> TrainingPool:
    """ClaimBuster train + CheckThat! 2024 train and dev, de-duplicated, with every ClaimBuster test and
    CheckThat! 2024 dev-test sentence removed, split into a fitting set and a stratified held-out fold.

    Missing optional files (the CheckThat! ones) are skipped; ClaimBuster train is required.
    """
    data_dir = Path(data_dir)
    banned: set[str] = set()
    for test_file, loader in (
        (CLAIMBUSTER_TEST, load_claimbuster_json),
        (CHECKTHAT2024_DEV_TEST, load_checkthat2024_tsv),
    ):
        if (data_dir / test_file).is_file():
            banned.update(sentence_key(text) for text in loader(data_dir / test_file).texts)
    sources: list[tuple[Path, Labelled]] = [(CLAIMBUSTER_TRAIN, load_claimbuster_json(data_dir / CLAIMBUSTER_TRAIN))]
    for optional in (CHECKTHAT2024_TRAIN, CHECKTHAT2024_DEV):
        if (data_dir / optional).is_file():
            sources.append((optional, load_checkthat2024_tsv(data_dir / optional)))
    seen: set[str] = set()
    texts: list[str] = []
    labels: list[int] = []
    removed = duplicates = 0
    counts: dict[str, int] = {}
    for name, data in sources:
        kept = 0
        for text, label in zip(data.texts, data.labels, strict=True):
            key = sentence_key(text)
            if not key:
                continue
            if key in banned:
                removed += 1
                continue
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            texts.append(text.strip())
            labels.append(label)
            kept += 1
        counts[str(name)] = kept
    rng = random.Random(seed)
    held: set[int] = set()
    for value in (0, 1):
        indices = [i for i, label in enumerate(labels) if label == value]
        rng.shuffle(indices)
        held.update(indices[: round(len(indices) * held_out_fraction)])
    fit = Labelled(
        [t for i, t in enumerate(texts) if i not in held], [y for i, y in enumerate(labels) if i not in held]
    )
    held_out = Labelled([texts[i] for i in sorted(held)], [labels[i] for i in sorted(held)])
    return TrainingPool(fit=fit, held_out=held_out, removed_test=removed, duplicates=duplicates, sources=counts)
