"""How long the queue takes to render with many claims: page one, a deep page, filters, take-next.

Usage (a scratch database; it is filled with N synthetic claims):

    DATABASE_URL=sqlite:////tmp/queue-bench.sqlite3 python bench/queue_pages.py --claims 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench python bench/queue_pages.py --claims 1000000

Prints one line per case: the median of 5 requests through Django's test client (the whole
view: filters, the keyset page, the capped count, the template) and the queries it ran.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims.models import Article, Claim, Outlet, Speaker  # noqa: E402

KINDS = [k for k, _ in Claim.Kind.choices]
WORDS = "budget troops spending percent million tariffs exports inflation wages housing schools deficit".split()


def fill(n_claims: int) -> None:
    """Insert synthetic claims in bulk (100 claims per article, 2,000 speakers), unless already there."""
    have = Claim.objects.count()
    if have >= n_claims:
        print(f"{have:,} claims already in the database")
        return
    outlets = [Outlet.objects.get_or_create(name=f"Bench outlet {i}")[0] for i in range(20)]
    Speaker.objects.bulk_create([Speaker(name=f"Bench speaker {i}") for i in range(2000)], ignore_conflicts=True)
    speakers = list(Speaker.objects.filter(name__startswith="Bench speaker"))
    rng = random.Random(1)
    started = time.perf_counter()
    batch = 20_000
    for offset in range(have, n_claims, batch):
        size = min(batch, n_claims - offset)
        articles = Article.objects.bulk_create(
            [
                Article(
                    source=Article.Source.TEXT,
                    title=f"Bench article {offset + i}",
                    outlet=rng.choice(outlets),
                    content_hash=f"bench-{offset + i}",
                    status=Article.Status.DONE,
                )
                for i in range(0, size, 100)
            ]
        )
        claims = []
        for i in range(size):
            text = " ".join(rng.choice(WORDS) for _ in range(12))
            claims.append(
                Claim(
                    article=articles[i // 100],
                    text=text,
                    start=(i % 100) * 200,
                    end=(i % 100) * 200 + len(text),
                    speaker=rng.choice(speakers),
                    kind=rng.choice(KINDS),
                    checkworthiness=round(rng.random(), 3),
                    status=rng.choices(["new", "published", "dismissed"], [80, 15, 5])[0],
                    priority=rng.choice([0] * 20 + [10]),
                )
            )
        Claim.objects.bulk_create(claims, batch_size=5000)
        print(f"  {offset + size:,} claims ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client: Client, label: str, url: str, *, method: str = "get") -> None:
    times = []
    queries = 0
    for _ in range(5):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = getattr(client, method)(url)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(ctx.captured_queries)
        assert response.status_code in (200, 303), (url, response.status_code)
    print(f"{label:<42} {statistics.median(times):8.1f} ms  {queries:3d} queries  {url}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1_000_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    fill(args.claims)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _ = get_user_model().objects.get_or_create(username="bench-editor")
    user.groups.add(Group.objects.get(name="editor"))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    print(f"{connection.vendor}, {Claim.objects.count():,} claims")
    measure(client, "queue, first page (new, default order)", "/queue/")
    page = client.get("/queue/").content.decode()
    cursor = page.split("after=")[1].split('"')[0] if "after=" in page else ""
    measure(client, "queue, second page (keyset cursor)", f"/queue/?after={cursor}")
    measure(client, "queue, kind filter", "/queue/?kind=quote")
    measure(client, "queue, score range", "/queue/?score_min=0.9&score_max=0.95")
    speaker_id = Speaker.objects.order_by("id").values_list("id", flat=True)[5]
    measure(client, "queue, speaker", f"/queue/?speaker={speaker_id}")
    measure(client, "queue, any status", "/queue/?status=any")
    measure(client, "queue, free text", "/queue/?q=tariffs+wages")
    measure(client, "queue, free text, rare word", "/queue/?q=zebra")


if __name__ == "__main__":
    main()
