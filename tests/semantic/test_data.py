"""The training data loader: test sentences never reach training or tuning; TSV quirks read right."""

from __future__ import annotations

import json
from pathlib import Path

from claims.semantic.data import load_checkthat2024_tsv, sentence_key, training_pool


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _layout(root: Path) -> None:
    train = [
        {"sentence_id": 1, "label": 1, "text": "Unemployment fell to 4 percent last year."},
        {"sentence_id": 2, "label": 0, "text": "Thank you all for coming tonight."},
        {"sentence_id": 3, "label": 1, "text": 'He said "taxes went up 20 percent."'},
    ]
    test = [
        {"sentence_id": 9, "label": 1, "text": "The deficit doubled under his watch."},
        {"sentence_id": 10, "label": 0, "text": "I think we can do better."},
    ]
    _write(root, "claimbuster/train.json", json.dumps(train))
    _write(root, "claimbuster/test.json", json.dumps(test))
    # CheckThat! 2024 train repeats a ClaimBuster training sentence and carries both test sentences,
    # written differently: other case, curly quotes, TSV quoting, doubled spaces.
    _write(
        root,
        "checkthat2024-english/train.tsv",
        "Sentence_id\tText\tclass_label\n"
        "1\tUnemployment fell to 4 percent last year.\tYes\n"
        "2\tTHE DEFICIT  doubled under his watch.\tYes\n"
        '3\t"I think we can do ""better."""\tNo\n'
        "4\tWe built 300 new schools.\tYes\n"
        "5\tHe said \u201ctaxes went up 20 percent.\u201d\tYes\n",
    )
    _write(
        root,
        "checkthat2024-english/dev.tsv",
        "Sentence_id\tText\tclass_label\n6\tCrime is down 10 percent.\tYes\n7\tGood evening.\tNo\n",
    )
    _write(
        root, "checkthat2024-english/dev-test.tsv", "Sentence_id\tText\tclass_label\n8\tExports rose 5 percent.\tYes\n"
    )


def test_training_pool_drops_every_test_sentence_however_written(tmp_path: Path) -> None:
    _layout(tmp_path)
    pool = training_pool(tmp_path, held_out_fraction=0.0)
    seen = {sentence_key(t) for t in pool.fit.texts + pool.held_out.texts}
    assert sentence_key("The deficit doubled under his watch.") not in seen
    assert sentence_key("I think we can do better.") not in seen
    assert pool.removed_test == 2
    # Duplicates across sources are dropped (curly vs straight quotes too); the first label wins.
    assert pool.duplicates == 2
    assert sorted(pool.fit.texts) == sorted(
        [
            "Unemployment fell to 4 percent last year.",
            "Thank you all for coming tonight.",
            'He said "taxes went up 20 percent."',
            "We built 300 new schools.",
            "Crime is down 10 percent.",
            "Good evening.",
        ]
    )


def test_dev_test_sentences_are_removed_too_and_the_held_out_fold_is_disjoint(tmp_path: Path) -> None:
    _layout(tmp_path)
    _write(
        tmp_path,
        "checkthat2024-english/dev.tsv",
        "Sentence_id\tText\tclass_label\n6\tExports rose 5 percent.\tYes\n7\tGood evening.\tNo\n",
    )
    pool = training_pool(tmp_path, held_out_fraction=0.5, seed=1)
    every = pool.fit.texts + pool.held_out.texts
    assert "Exports rose 5 percent." not in every
    assert not set(pool.fit.texts) & set(pool.held_out.texts)
    assert pool.held_out.texts and set(pool.held_out.labels) == {0, 1}


def test_sentence_key_ignores_case_quotes_and_spaces() -> None:
    assert sentence_key('He said  "no."') == sentence_key("he said \u201cno.\u201d")
    assert sentence_key("Taxes rose.") != sentence_key("Taxes fell.")


def test_a_line_holding_two_records_is_read_as_two(tmp_path: Path) -> None:
    path = tmp_path / "train.tsv"
    path.write_text(
        "Sentence_id\tText\tclass_label\n1\tWe've got to invest and grow.\tNo29286\tYou can't bring back jobs.\tNo\n"
        "3\tJobs rose by 2 million.\tYes\n",
        encoding="utf-8",
    )
    data = load_checkthat2024_tsv(path)
    assert data.texts == ["We've got to invest and grow.", "You can't bring back jobs.", "Jobs rose by 2 million."]
    assert data.labels == [0, 0, 1]
