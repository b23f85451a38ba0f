"""Create many realistic, clearly synthetic practices to try search at scale."""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from practices import search
from practices.cache import new_generation
from practices.models import (
    SEARCH_VECTOR_SQL,
    ActionAxis,
    Follow,
    Organisation,
    Partnership,
    Practice,
    PracticeItem,
    Topic,
)

SLUG_PREFIX = "synthetic-"
SYNTHETIC_TOPIC = ("Synthetic data", "synthetic-data")
EMAIL_DOMAIN = "synthetic.invalid"

TOPICS = [
    ("Access to finance", "access-to-finance"),
    ("Clusters and networks", "clusters-and-networks"),
    ("Cultural and creative industries", "cultural-and-creative-industries"),
    ("Skills and training", "skills-and-training"),
    ("Smart specialisation", "smart-specialisation"),
    ("Digital transition", "digital-transition"),
    ("Green economy", "green-economy"),
    ("Tourism and heritage", "tourism-and-heritage"),
    ("Social innovation", "social-innovation"),
    ("Rural development", "rural-development"),
]
# The topics' French names (the English ones are above).
TOPIC_NAMES_FR = {
    "access-to-finance": "Accès au financement",
    "clusters-and-networks": "Clusters et réseaux",
    "cultural-and-creative-industries": "Industries culturelles et créatives",
    "skills-and-training": "Compétences et formation",
    "smart-specialisation": "Spécialisation intelligente",
    "digital-transition": "Transition numérique",
    "green-economy": "Économie verte",
    "tourism-and-heritage": "Tourisme et patrimoine",
    "social-innovation": "Innovation sociale",
    "rural-development": "Développement rural",
    "synthetic-data": "Données synthétiques",
}
PLACES = [
    ("BE", "Prov. Namur", "BE35"),
    ("BE", "Prov. Liège", "BE33"),
    ("FR", "Hauts-de-France", "FRE"),
    ("FR", "Occitanie", "FRJ"),
    ("DE", "Sachsen", "DED"),
    ("DE", "Bremen", "DE5"),
    ("IT", "Emilia-Romagna", "ITH5"),
    ("IT", "Puglia", "ITF4"),
    ("ES", "Andalucía", "ES61"),
    ("ES", "País Vasco", "ES21"),
    ("PT", "Norte", "PT11"),
    ("PL", "Małopolskie", "PL21"),
    ("CZ", "Jihomoravský kraj", "CZ06"),
    ("BG", "Yugozapaden", "BG41"),
    ("RO", "Nord-Est", "RO21"),
    ("IE", "Southern", "IE05"),
    ("NL", "Noord-Brabant", "NL41"),
    ("SE", "Västsverige", "SE23"),
    ("FI", "Pohjois-Savo", "FI1D"),
    ("GR", "Kentriki Makedonia", "EL52"),
    ("HU", "Észak-Alföld", "HU32"),
    ("SI", "Zahodna Slovenija", "SI04"),
    ("LT", "Vidurio ir vakarų Lietuvos regionas", "LT02"),
    ("AT", "Steiermark", "AT22"),
]
ADJECTIVES = [
    "Regional",
    "Cross-border",
    "Creative",
    "Circular",
    "Digital",
    "Inclusive",
    "Smart",
    "Sustainable",
    "Open",
    "Collaborative",
]
SUBJECTS = [
    "innovation vouchers",
    "design support",
    "seed fund",
    "incubator network",
    "skills academy",
    "makerspace programme",
    "cluster platform",
    "guarantee fund",
    "living lab",
    "creative hubs",
    "export coaching",
    "heritage revival",
    "green procurement",
    "start-up mentoring",
    "microcredit scheme",
    "data commons",
]
AIMS = [
    "to help small firms adopt new technologies",
    "to bring artists and manufacturers together",
    "to keep young graduates in the region",
    "to finance risky creative projects",
    "to revive industrial districts through créativité and design",
    "to open public data to local entrepreneurs",
    "to train SMEs in circular production",
    "to link universities with regional industry",
]
ORG_KINDS = [
    ("Regional Development Agency", Organisation.Kind.AGENCY),
    ("Chamber of Commerce", Organisation.Kind.BUSINESS_SUPPORT),
    ("University", Organisation.Kind.EDUCATION),
    ("Creative Cluster", Organisation.Kind.CLUSTER),
    ("Investment Fund", Organisation.Kind.INVESTOR),
    ("Regional Council", Organisation.Kind.PUBLIC_AUTHORITY),
    ("Design Centre", Organisation.Kind.NON_PROFIT),
    ("City Council", Organisation.Kind.PUBLIC_AUTHORITY),
]
AXES = [
    ("Awareness", "Events and publications that show what works."),
    ("Skills", "Training for entrepreneurs, officers and students."),
    ("Business support", "Coaching and vouchers for small firms."),
    ("Finance", "Loans, guarantees and equity for early projects."),
    ("Networking", "Meetings between firms, clusters and researchers."),
    ("Evaluation", "Indicators and iterative reviews of the actions."),
]
EVIDENCE = [
    "More than {n} firms were supported in the first two years.",
    "The scheme was taken over in the regional budget after the pilot.",
    "{n} new jobs were created in the supported companies.",
    "The approach was copied by {k} neighbouring regions.",
]
DIFFICULTIES = [
    ("Reaching the smallest firms took longer than planned.", "Local relays."),
    ("Partners had different reporting rules.", "One shared dashboard."),
    ("Funding gaps between programme periods.", "A regional bridge budget."),
]
LEARNING = [
    "The voucher model transfers easily to regions with a similar economy.",
    "Involve the users of the scheme from its design onwards.",
    "Keep one contact point for all the partners' services.",
]


class Command(BaseCommand):
    help = (
        "Create N synthetic practices (slug prefix 'synthetic-', topic 'Synthetic "
        "data', is_synthetic=True) with partners, axes, items, topics and synthetic "
        "followers. Counts those already there: a second run with the same N adds "
        "none; a larger N adds the difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, count, seed, batch_size, **options):
        if count < 0 or batch_size < 1:
            raise CommandError("--count must be ≥ 0 and --batch-size ≥ 1.")
        existing = Practice.objects.filter(is_synthetic=True).count()
        missing = count - existing
        if missing <= 0:
            self.stdout.write(f"{existing} synthetic practices already; none added.")
            return
        started = time.monotonic()
        self.rng = random.Random(f"{seed}-{existing}")
        with transaction.atomic():
            self.prepare_pools(count)
        next_index = self.next_index()
        created = filled = 0
        while created < missing:
            size = min(batch_size, missing - created)
            # A batch a transaction: stopped, a run keeps the batches it
            # committed, and the next run goes on from there.
            with transaction.atomic():
                ids = self.create_batch(next_index + created, size)
                filled += fill_search_vectors(ids)
            created += size
            if options["verbosity"] > 1:
                self.stdout.write(f"  {created}/{missing}")
        new_generation()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {missing} synthetic practices ({filled} search vectors "
                f"filled) in {time.monotonic() - started:.1f} s."
            )
        )

    def next_index(self):
        slugs = Practice.objects.filter(slug__startswith=SLUG_PREFIX).values_list(
            "slug", flat=True
        )
        numbers = [
            int(s[len(SLUG_PREFIX) :]) for s in slugs if s[len(SLUG_PREFIX) :].isdigit()
        ]
        return max(numbers, default=0) + 1

    def prepare_pools(self, count):
        """Create the shared topics, organisations and follower accounts."""
        Topic.objects.bulk_create(
            [
                Topic(name=n, name_fr=TOPIC_NAMES_FR.get(s), slug=s)
                for n, s in [*TOPICS, SYNTHETIC_TOPIC]
            ],
            ignore_conflicts=True,
        )
        topics = {t.slug: t.pk for t in Topic.objects.all()}
        self.synthetic_topic = topics[SYNTHETIC_TOPIC[1]]
        self.topics = [topics[s] for _n, s in TOPICS if s in topics]

        organisations = []
        for country, region, _nuts in PLACES:
            for label, kind in ORG_KINDS:
                for number in range(1, max(2, min(count // 2000, 8)) + 1):
                    organisations.append(
                        Organisation(
                            name=f"{label} of {region} {number} (synthetic)",
                            kind=kind,
                            country=country,
                        )
                    )
        Organisation.objects.bulk_create(organisations, ignore_conflicts=True)
        self.organisations = list(
            Organisation.objects.filter(name__endswith="(synthetic)").values_list(
                "pk", "name", "country"
            )
        )

        User = get_user_model()
        password = make_password(None)
        users = [
            User(
                email=f"follower{i}@{EMAIL_DOMAIN}",
                display_name=f"Synthetic follower {i}",
                job_title="Policy officer (synthetic)",
                is_listed_as_follower=i % 3 == 0,
                password=password,
            )
            for i in range(1, min(500, max(20, count // 50)) + 1)
        ]
        User.objects.bulk_create(users, ignore_conflicts=True)
        self.users = list(
            User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list(
                "pk", flat=True
            )
        )

    def create_batch(self, first_index, size):
        rng = self.rng
        now = datetime.datetime.now(datetime.UTC)
        practices, parts = [], []
        for index in range(first_index, first_index + size):
            country, region, nuts = rng.choice(PLACES)
            subject = rng.choice(SUBJECTS)
            title = f"{rng.choice(ADJECTIVES)} {subject} in {region} #{index}"
            aim = rng.choice(AIMS)
            start = datetime.date(rng.randint(2000, 2025), rng.randint(1, 12), 1)
            duration = rng.randint(6, 72)
            end_month = start.month - 1 + duration
            end = datetime.date(start.year + end_month // 12, end_month % 12 + 1, 1)
            if end > datetime.date.today() and rng.random() < 0.7:
                end = None
            local = [o for o in self.organisations if o[2] == country]
            partners = rng.sample(local, k=min(len(local), rng.randint(1, 5)))
            main = partners[0]
            axes = rng.sample(AXES, k=rng.randint(2, 4))
            n = rng.randint(10, 400)
            items = [
                (PracticeItem.Section.EVIDENCE, t.format(n=n, k=rng.randint(2, 9)), "")
                for t in rng.sample(EVIDENCE, k=rng.randint(1, 3))
            ]
            items += [
                (PracticeItem.Section.DIFFICULTY, t, s)
                for t, s in rng.sample(DIFFICULTIES, k=rng.randint(1, 2))
            ]
            items += [
                (PracticeItem.Section.LEARNING, t, "")
                for t in rng.sample(LEARNING, k=rng.randint(1, 2))
            ]
            summary = f"A synthetic example: a {subject} set up by {main[1]} {aim}."
            description = (
                f"This practice is synthetic test data. In {region}, the partners "
                f"ran a {subject} {aim}. It combined "
                f"{', '.join(a[0].lower() for a in axes)} over {duration} months."
            )
            keywords = [subject, rng.choice(ADJECTIVES).lower()]
            text = " ".join(
                [title, summary, " ".join(keywords), description]
                + [p[1] for p in partners]
                + [f"{a[0]} {a[1]}" for a in axes]
                + [f"{i[1]} {i[2]}" for i in items]
            )
            published = now - datetime.timedelta(minutes=rng.randint(1, 10**6))
            practice = Practice(
                title=title,
                slug=f"{SLUG_PREFIX}{index}",
                summary=summary,
                description=description,
                main_institution_id=main[0],
                country=country,
                region=region,
                nuts_code=nuts,
                start_date=start,
                end_date=end,
                keywords=keywords,
                status=Practice.Status.PUBLISHED,
                published_at=published,
                budget_amount=Decimal(int(10 ** rng.uniform(4, 7.5))),
                duration_months=duration,
                is_synthetic=True,
                search_text=search.normalise(text),
            )
            practice.period_hint = practice.current_period_hint()
            practices.append(practice)
            parts.append((partners, axes, items))
        Practice.objects.bulk_create(practices, batch_size=1000)
        partnerships, axis_rows, item_rows, topic_rows, follows = [], [], [], [], []
        Through = Practice.topics.through
        for practice, (partners, axes, items) in zip(practices, parts, strict=True):
            partnerships += [
                Partnership(practice=practice, organisation_id=o[0], order=i)
                for i, o in enumerate(partners)
            ]
            axis_rows += [
                ActionAxis(practice=practice, title=t, description=d, order=i)
                for i, (t, d) in enumerate(axes)
            ]
            item_rows += [
                PracticeItem(practice=practice, section=s, text=t, solution=sol)
                for s, t, sol in items
            ]
            topic_ids = {self.synthetic_topic, *self.rng.sample(self.topics, k=2)}
            topic_rows += [Through(practice=practice, topic_id=t) for t in topic_ids]
            follows += [
                Follow(practice=practice, user_id=u)
                for u in self.rng.sample(self.users, k=self.rng.randint(0, 5))
            ]
        for model, rows in [
            (Partnership, partnerships),
            (ActionAxis, axis_rows),
            (PracticeItem, item_rows),
            (Through, topic_rows),
            (Follow, follows),
        ]:
            model.objects.bulk_create(rows, batch_size=5000)
        return [practice.pk for practice in practices]


def fill_search_vectors(ids):
    """Weigh the words of the synthetic practices ``ids``."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_VECTOR_SQL + " WHERE p.id = ANY(%s)", [ids])
        return cursor.rowcount
