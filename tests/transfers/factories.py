import datetime

import factory

from tests.factories import PracticeFactory, UserFactory
from transfers.models import Interest, Stage, StageChange, Transfer


class TransferFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    recorded_by = factory.SubFactory(UserFactory, verified=True)
    organisation_name = factory.Sequence(lambda n: f"Regional agency {n}")
    country = "FR"
    region = "Île-de-France"
    nuts_code = "FR10"
    stage = Stage.ADAPTING
    start_date = datetime.date(2024, 3, 1)
    adaptations = "Smaller vouchers."
    results = "Twelve firms supported."
    status = Transfer.Status.PENDING

    class Meta:
        model = Transfer
        skip_postgeneration_save = True

    class Params:
        confirmed = factory.Trait(status=Transfer.Status.CONFIRMED)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            StageChange.objects.create(
                transfer=obj, stage=obj.stage, changed_by=obj.recorded_by
            )


class InterestFactory(factory.django.DjangoModelFactory):
    practice = factory.SubFactory(PracticeFactory)
    user = factory.SubFactory(UserFactory, verified=True)
    note = "Our province is looking at creative vouchers."

    class Meta:
        model = Interest
