"""Evidence must be relevant: library passages with embeddings, fused relevance, and a minimum."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from claims.semantic import encoder as semantic_encoder
from evidence import selectors
from evidence.demo_loader import DEMO_DIR, read_note
from evidence.models import EvidenceCandidate, LibraryPassage
from evidence.relevance import TermStats, fuse, lexical_overlap, split_passages
from evidence.services import fetch_runs_start, library_document_add, library_document_update
from evidence.services.passages import ENCODER_NAME
from factcheck.templatetags.workbench import sentence_filter
from tests.evidence.conftest import TROOPS_CLAIM, claim_with_quantities
from tests.factories import EvidenceDocumentFactory

ROOT = Path(__file__).resolve().parents[2]
PAIRS = ROOT / "tests" / "fixtures" / "evidence_relevance.tsv"
XI_CLAIM = (
    "Asked about Chinese President Xi Jinping’s order to his military to be ready to annex Taiwan militarily by "
    "2027, Mr. Hegseth said deterrence of China was weakened under the Biden administration, during which Russia "
    "invaded Ukraine, Hamas terrorized Israel and the U.S. made a deadly withdrawal from Afghanistan."
)


# --- pure ---------------------------------------------------------------------------------------


def test_a_short_paragraph_is_one_passage_and_a_long_one_is_cut_between_sentences() -> None:
    sentence = "About 55,000 U.S. troops are stationed in Japan under the treaty. "
    text = "Short opening paragraph.\n\n" + sentence * 20
    passages = split_passages(text, max_chars=200)
    assert passages[0].text == "Short opening paragraph."
    assert all(text[p.start : p.end] == p.text for p in passages)
    assert all(p.text.endswith("treaty.") and p.text.startswith("About") for p in passages[1:])
    assert all(len(p.text) <= 200 for p in passages)


def test_lexical_overlap_counts_the_claims_words_the_passage_has() -> None:
    assert lexical_overlap("troops stationed in Japan", "Japan hosts troops, stationed at bases") == 1.0
    assert lexical_overlap("troops stationed in Japan", "The budget of New Zealand") == 0.0
    assert 0 < lexical_overlap("NATO troops in Japan", "Japan") < 1


def test_a_word_every_passage_has_weighs_less_than_a_rare_one() -> None:
    stats = TermStats.from_texts(["Japan spends 1% of GDP.", "Japan hosts troops.", "Japan has bases."])
    assert stats.weight("troop") > stats.weight("japan")
    # "troops" alone covers more of the claim than "Japan" alone, once rarity counts.
    claim = "Japan hosts troops"
    assert lexical_overlap(claim, "troops", stats) > lexical_overlap(claim, "Japan", stats)
    assert lexical_overlap(claim, "troops") == lexical_overlap(claim, "Japan")


def test_fused_relevance_stays_in_zero_one_and_falls_back_to_words_without_the_encoder() -> None:
    assert fuse(1.0, 1.0) == 1.0 and fuse(0.0, -0.3) == 0.0
    assert fuse(0.4, None) == 0.4


def test_the_reason_is_one_readable_sentence_even_for_clauses_stored_with_full_stops() -> None:
    assert sentence_filter(["matches 'troops stationed in Japan'", "numbers disagree: 60,000 vs 55,000"]) == (
        "Matches 'troops stationed in Japan'; numbers disagree: 60,000 vs 55,000."
    )
    assert ".;" not in sentence_filter(["Shares 6 of 7 claim terms (japan).", "Names Japan."])
    assert sentence_filter([]) == ""


def test_the_labelled_pairs_cover_both_classes_and_the_nato_note_under_the_xi_claim() -> None:
    with PAIRS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) >= 80
    assert {r["relevant"] for r in rows} == {"0", "1"}
    xi_nato = [r for r in rows if r["claim"] == XI_CLAIM and r["passage_id"].startswith("nato")]
    assert xi_nato and all(r["relevant"] == "0" for r in xi_nato)


def test_the_shipped_minimum_is_the_one_the_benchmark_chooses_on_the_labelled_pairs() -> None:
    spec = importlib.util.spec_from_file_location("evidence_relevance_bench", ROOT / "bench" / "evidence_relevance.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # dataclasses look their module up there
    spec.loader.exec_module(bench)
    pairs = bench.read_pairs(PAIRS)
    lexical, dense = bench.scores(pairs)
    truth = np.array([p.relevant for p in pairs])
    weight, minimum = bench.choose(lexical, dense, truth, bench.WEIGHTS)
    from evidence import relevance

    shipped = (relevance.DENSE_WEIGHT, django_settings.EVIDENCE_MIN_RELEVANCE)
    assert (float(weight), float(minimum)) == pytest.approx(shipped)


# --- passages and their vectors -------------------------------------------------------------


@pytest.mark.django_db
def test_an_added_document_is_split_into_passages_embedded_after_commit(
    editor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    note = read_note(DEMO_DIR / "usfj-troops.txt")
    with django_capture_on_commit_callbacks(execute=True):
        document = library_document_add(user=editor, **note).document
    passages = list(LibraryPassage.objects.filter(document=document))
    assert len(passages) == 3 and all(p.encoder == ENCODER_NAME for p in passages)
    stored = selectors.passage_vectors(encoder=ENCODER_NAME, document_ids=[document.pk])
    assert stored.matrix.shape == (3, 384)
    assert np.allclose(np.linalg.norm(stored.matrix, axis=1), 1.0, atol=1e-5)


@pytest.mark.django_db
def test_a_changed_text_is_split_again(editor: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        document = library_document_add(user=editor, title="Note", text="One paragraph.").document
        library_document_update(document=document, user=editor, title="Note", text="First.\n\nSecond paragraph.")
    assert list(LibraryPassage.objects.filter(document=document).values_list("text", flat=True)) == [
        "First.",
        "Second paragraph.",
    ]
    assert not selectors.passages_to_embed(encoder=ENCODER_NAME).exists()


@pytest.mark.django_db
def test_embed_library_backfills_documents_from_before_passages_and_is_idempotent(capsys: Any) -> None:
    EvidenceDocumentFactory(text="Buses cost $2.5 million.\n\nTrams cost more.")
    call_command("embed_library", verbosity=0)
    assert "1 documents split into passages, 2 passages embedded" in capsys.readouterr().out
    call_command("embed_library", verbosity=0)
    assert "0 documents split into passages, 0 passages embedded" in capsys.readouterr().out


# --- gathering lists only relevant evidence -------------------------------------------------------


@pytest.fixture
def demo_library(editor: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for path in sorted(DEMO_DIR.glob("*.txt")):
            library_document_add(user=editor, **read_note(path))


def gather_library(claim: Any, capture: Any) -> list[EvidenceCandidate]:
    with capture(execute=True):
        fetch_runs_start(claim.pk, providers=["library"])
    return list(EvidenceCandidate.objects.filter(claim=claim).order_by("rank"))


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_library")
def test_the_nato_note_is_not_listed_under_the_xi_afghanistan_claim(django_capture_on_commit_callbacks: Any) -> None:
    listed = gather_library(claim_with_quantities(XI_CLAIM), django_capture_on_commit_callbacks)
    assert not [c.title for c in listed if c.title.startswith("NATO")]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_library")
def test_without_a_minimum_the_same_gathering_lists_the_nato_note(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EVIDENCE_MIN_RELEVANCE = 0.0
    listed = gather_library(claim_with_quantities(XI_CLAIM), django_capture_on_commit_callbacks)
    assert [c.title for c in listed if c.title.startswith("NATO")]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_library")
def test_a_relevant_note_is_listed_with_its_best_passages_and_a_readable_reason(
    django_capture_on_commit_callbacks: Any,
) -> None:
    claim = claim_with_quantities("The United States keeps roughly 60,000 American troops stationed in Japan.")
    listed = gather_library(claim, django_capture_on_commit_callbacks)
    usfj = next(c for c in listed if c.title.startswith("U.S. Forces Japan"))
    assert usfj.rank == 1 and usfj.agreement == "disagrees"
    assert "About 55,000 U.S. troops are stationed in Japan" in usfj.snippet
    assert "Indo-Pacific Command" not in usfj.snippet  # the third paragraph, about the command, is left out
    assert usfj.extra["relevance"] >= django_settings.EVIDENCE_MIN_RELEVANCE
    assert "numbers disagree: 60,000 vs 55,000" in usfj.reasons
    assert usfj.reasons[0].startswith("matches '") and "troops are stationed in Japan" in usfj.reasons[0]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_library")
def test_a_pending_candidate_that_is_no_longer_relevant_goes_but_a_decided_one_stays(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    claim = claim_with_quantities(XI_CLAIM)
    settings.EVIDENCE_MIN_RELEVANCE = 0.0
    first = gather_library(claim, django_capture_on_commit_callbacks)
    kept = first[0]
    EvidenceCandidate.objects.filter(pk=kept.pk).update(decision=EvidenceCandidate.Decision.REJECTED)
    settings.EVIDENCE_MIN_RELEVANCE = 0.99
    again = gather_library(claim, django_capture_on_commit_callbacks)
    assert [c.pk for c in again] == [kept.pk]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_library")
def test_without_the_encoder_evidence_is_ranked_the_old_way_and_nothing_is_hidden(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    def unavailable(texts: Any) -> Any:
        raise semantic_encoder.EncoderUnavailable("weights not installed")

    monkeypatch.setattr(semantic_encoder, "encode", unavailable)
    listed = gather_library(claim_with_quantities(XI_CLAIM), django_capture_on_commit_callbacks)
    assert [c.title for c in listed if c.title.startswith("NATO")]
    assert all("relevance" not in c.extra for c in listed)
    assert "no minimum applied" in caplog.text


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_library")
def test_the_troops_claim_finds_the_usfj_note_agreeing(django_capture_on_commit_callbacks: Any) -> None:
    listed = gather_library(claim_with_quantities(TROOPS_CLAIM), django_capture_on_commit_callbacks)
    assert listed[0].title.startswith("U.S. Forces Japan") and listed[0].agreement == "agrees"


@pytest.mark.django_db
def test_a_document_without_passages_is_split_and_embedded_when_it_is_first_found(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # As after import_data, which restores documents without their derived passages.
    note = read_note(DEMO_DIR / "usfj-troops.txt")
    document = EvidenceDocumentFactory(title=note["title"], text=note["text"])
    listed = gather_library(claim_with_quantities(TROOPS_CLAIM), django_capture_on_commit_callbacks)
    assert listed and listed[0].document_id == document.pk and "relevance" in listed[0].extra
    assert LibraryPassage.objects.filter(document=document, encoder=ENCODER_NAME).count() == 3
