import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from evidence.models import Indicator
from practices.models import (
    EXPERTS_GROUP,
    ActionAxis,
    ExpertOpinion,
    Follow,
    FundingSource,
    Organisation,
    Partnership,
    Practice,
    PracticeItem,
    Topic,
)


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    job_title = "Policy officer"
    organisation = "Region of Example"
    password = factory.django.Password("correct-horse-battery")

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """``UserFactory(verified=True)``: the user confirmed their address."""
        if create and extracted:
            obj.emailaddress_set.create(email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def expert(obj, create, extracted, **kwargs):
        """``UserFactory(expert=True)``: a verified member of the Experts group."""
        if create and extracted:
            if not obj.emailaddress_set.exists():
                obj.emailaddress_set.create(
                    email=obj.email, verified=True, primary=True
                )
            obj.groups.add(Group.objects.get(name=EXPERTS_GROUP))


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.AGENCY
    country = "BE"

    class Meta:
        model = Organisation


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic


class SearchableFactory(factory.django.DjangoModelFactory):
    """Rebuild the practice's search data after the row is written.

    The portal's writers (wizard, restore, admin, commands) do it once per
    change after the commit; a factory is a writer of its own, inside the
    test's transaction, so it does it at once.
    """

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = super()._create(model_class, *args, **kwargs)
        pk = obj.pk if isinstance(obj, Practice) else obj.practice_id
        Practice.objects.filter(pk=pk).refresh_search_vector()
        return obj


class PracticeFactory(SearchableFactory):
    title = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary = "A practice that worked."
    description = "What was done, with whom, and how."
    main_institution = factory.SubFactory(OrganisationFactory)
    country = "BE"
    region = "Prov. Namur"
    nuts_code = "BE35"
    start_date = datetime.date(2013, 1, 1)
    end_date = datetime.date(2015, 10, 1)
    author = factory.SubFactory(UserFactory)
    status = Practice.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Practice

    class Params:
        draft = factory.Trait(status=Practice.Status.DRAFT, published_at=None)


class PartnershipFactory(SearchableFactory):
    practice = factory.SubFactory(PracticeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Partner"

    class Meta:
        model = Partnership


class ActionAxisFactory(SearchableFactory):
    practice = factory.SubFactory(PracticeFactory)
    title = factory.Sequence(lambda n: f"Axis {n}")

    class Meta:
        model = ActionAxis


class FundingSourceFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    name = factory.Sequence(lambda n: f"Fund {n}")
    kind = FundingSource.Kind.EU

    class Meta:
        model = FundingSource


class PracticeItemFactory(SearchableFactory):
    practice = factory.SubFactory(PracticeFactory)
    section = PracticeItem.Section.EVIDENCE
    text = factory.Sequence(lambda n: f"Item {n}")

    class Meta:
        model = PracticeItem


class ExpertOpinionFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    expert = factory.SubFactory(UserFactory)
    text = "A careful expert judgement."

    class Meta:
        model = ExpertOpinion


class FollowFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    user = factory.SubFactory(UserFactory)

    class Meta:
        model = Follow


class IndicatorFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "jobs"
    achieved_value = 40
    achieved_year = 2015

    class Meta:
        model = Indicator
