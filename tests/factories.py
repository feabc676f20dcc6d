"""factory_boy factories, one per model. Users come with a role: ``UserFactory(role="editor")``."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.models import Article, Claim, Outlet, Quantity, Rating, Speaker, Verdict
from evidence.models import EvidenceCandidate, EvidenceDocument, FetchRun


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.Sequence(lambda n: f"outlet{n}.example")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    source = Article.Source.TEXT
    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = factory.SubFactory(OutletFactory)
    text = "The city spent $4 million on buses last year, the mayor said."
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    status = Article.Status.DONE


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Speaker {n}")
    title = "Minister"


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    text = "The city spent $4 million on buses last year"
    start = factory.Sequence(lambda n: n * 100)
    end = factory.LazyAttribute(lambda o: o.start + len(o.text))
    speaker = factory.SubFactory(SpeakerFactory)
    kind = Claim.Kind.STATISTIC
    checkworthiness = 0.8
    status = Claim.Status.NEW


class QuantityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quantity

    claim = factory.SubFactory(ClaimFactory)
    text = "$4 million"
    start = 15
    end = 25
    value = 4_000_000
    unit = "USD"
    kind = Quantity.Kind.MONEY
    currency = "USD"


def rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(
        ClaimFactory, status=Claim.Status.IN_PROGRESS, assignee=factory.SelfAttribute("..author")
    )
    author = factory.SubFactory(UserFactory, role="fact-checker")
    rating = factory.LazyFunction(lambda: Rating.objects.get(slug="false"))
    summary = "The city spent $2.5 million, not $4 million."
    explanation = "Budget documents show **$2.5 million**."


class EvidenceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceDocument

    title = factory.Sequence(lambda n: f"Reference note {n}")
    text = "The city's transport budget for buses was $2.5 million last year."
    publisher = "City Budget Office"
    content_hash = factory.Sequence(lambda n: f"{n:064x}")


class EvidenceCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceCandidate

    claim = factory.SubFactory(ClaimFactory)
    provider = "library"
    url = factory.Sequence(lambda n: f"https://evidence.example/{n}")
    title = factory.Sequence(lambda n: f"Evidence {n}")
    snippet = "Buses cost $2.5 million."
    score = 0.5


class FetchRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FetchRun

    claim = factory.SubFactory(ClaimFactory)
    provider = "library"
    queued_at = factory.LazyFunction(timezone.now)
