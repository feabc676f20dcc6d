"""``python manage.py train_checkworthiness DATA_DIR [--out DIR]``: fine-tune check-worthiness v2.

DATA_DIR is laid out like the public data (``claimbuster/train.json``, ``claimbuster/test.json``,
``checkthat2024-english/*.tsv``; see docs/models.md). Needs the training extra
(``pip install -r requirements/train.txt``: torch on CPU); the command only parses arguments and calls
:func:`claims.semantic.finetune.train`. Epoch checkpoints go to ``--work-dir`` so an interrupted run
resumes; the model written to ``--out`` is what the workbench loads.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.semantic.encoder import CHECKWORTHINESS_V2_DIR


class Command(BaseCommand):
    help = "Fine-tune the check-worthiness v2 model on a data directory and write it (needs requirements/train.txt)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="data directory containing claimbuster/train.json")
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="model directory to write (default: the shipped claims/semantic/models/checkworthiness-v2)",
        )
        parser.add_argument(
            "--work-dir",
            type=Path,
            default=Path("build/checkworthiness-v2"),
            help="where epoch checkpoints and the fp32 export go (default: build/checkworthiness-v2)",
        )
        parser.add_argument("--epochs", type=int, default=2, help="passes over the training data (default 2)")
        parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
        parser.add_argument(
            "--max-minutes",
            type=float,
            default=None,
            help="time budget for the optimisation: the schedule is fitted to it and the epoch cut short",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = options["path"]
        if not (data_dir / "claimbuster" / "train.json").is_file():
            raise CommandError(f"{data_dir} has no claimbuster/train.json")
        try:
            # lazy: finetune imports torch (requirements/train.txt); without it the command says so.
            from claims.semantic.finetune import FinetuneConfig, train
        except ImportError as exc:
            raise CommandError(
                f"training needs the training extra: pip install -r requirements/train.txt ({exc})"
            ) from exc
        out: Path = options["out"] or CHECKWORTHINESS_V2_DIR
        config = FinetuneConfig(epochs=options["epochs"], threads=options["threads"])
        metadata = train(
            data_dir,
            out,
            work_dir=options["work_dir"],
            config=config,
            log=lambda message: self.stderr.write(message),
            progress=not options["no_progress"],
            max_minutes=options["max_minutes"],
        )
        self.stdout.write(json.dumps(metadata, indent=2))
        self.stderr.write(self.style.SUCCESS(f"wrote {out}"))
