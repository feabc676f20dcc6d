"""``python manage.py train_checkworthiness PATH [--out FILE]``: train and write the check-worthiness model.

PATH is a data directory laid out like the public data the model is trained on
(``claimbuster/train.json``, ``claimbuster/test.json``, optionally ``checkthat2020-debates/*.tsv``).
The command only parses arguments and calls :func:`claims.extraction.training.train`; scikit-learn is
imported lazily so that other commands never pay for it.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Train the check-worthiness model on a data directory and print its measured metrics as JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="data directory containing claimbuster/train.json")
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="model file to write (default: the shipped claims/extraction/data/checkworthiness.npz)",
        )
        parser.add_argument(
            "--with-checkthat",
            action="store_true",
            help="also train on checkthat2020-debates/train.tsv",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from claims.extraction.checkworthiness import DEFAULT_MODEL_PATH
        from claims.extraction.training import TrainingConfig, train

        data_dir: Path = options["path"]
        if not (data_dir / "claimbuster" / "train.json").is_file():
            raise CommandError(f"{data_dir} has no claimbuster/train.json")
        out: Path = options["out"] or DEFAULT_MODEL_PATH
        config = TrainingConfig(checkthat_train=options["with_checkthat"])
        metrics = train(data_dir, out, config, log=lambda message: self.stderr.write(message))
        self.stdout.write(json.dumps(metrics, indent=2))
        self.stderr.write(self.style.SUCCESS(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)"))
