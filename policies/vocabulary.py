"""The policy tags' vocabulary: the 5 cohesion policy objectives 2021-2027 and the
17 Sustainable Development Goals, in English and French.

The objectives as Regulation (EU) 2021/1060 (Article 5) names them, shortened
to their headline; the goals as the United Nations name them in each language.
``policies/migrations/0002_seed_policy_tags`` seeds the tags from these lists,
and ``policies.demo.ensure_policy_tags`` puts them back after a flush.
"""

# A migration depends on these values: never reorder, insert or remove an entry.
# A tag's code (its kind and number, its place in its list, hence its slug such
# as po1 or sdg8) must never change meaning: practices are tagged by it, and
# search filters, saved searches and links name tags by their slug. Only correct
# a name's wording, with a new migration to update existing databases.

# The objectives of cohesion policy 2021-2027, numbered from 1 (po1 to po5).
OBJECTIVES = [
    (
        "A more competitive and smarter Europe",
        "Une Europe plus compétitive et plus intelligente",
    ),
    (
        "A greener, low-carbon Europe",
        "Une Europe plus verte et à faibles émissions de carbone",
    ),
    ("A more connected Europe", "Une Europe plus connectée"),
    ("A more social and inclusive Europe", "Une Europe plus sociale et inclusive"),
    ("A Europe closer to citizens", "Une Europe plus proche des citoyens"),
]

# The 17 Sustainable Development Goals, numbered from 1 (sdg1 to sdg17).
GOALS = [
    ("No poverty", "Pas de pauvreté"),
    ("Zero hunger", "Faim « zéro »"),
    ("Good health and well-being", "Bonne santé et bien-être"),
    ("Quality education", "Éducation de qualité"),
    ("Gender equality", "Égalité entre les sexes"),
    ("Clean water and sanitation", "Eau propre et assainissement"),
    ("Affordable and clean energy", "Énergie propre et d’un coût abordable"),
    ("Decent work and economic growth", "Travail décent et croissance économique"),
    (
        "Industry, innovation and infrastructure",
        "Industrie, innovation et infrastructure",
    ),
    ("Reduced inequalities", "Inégalités réduites"),
    ("Sustainable cities and communities", "Villes et communautés durables"),
    (
        "Responsible consumption and production",
        "Consommation et production responsables",
    ),
    (
        "Climate action",
        "Mesures relatives à la lutte contre les changements climatiques",
    ),
    ("Life below water", "Vie aquatique"),
    ("Life on land", "Vie terrestre"),
    (
        "Peace, justice and strong institutions",
        "Paix, justice et institutions efficaces",
    ),
    ("Partnerships for the goals", "Partenariats pour la réalisation des objectifs"),
]

# Each vocabulary's kind and slug prefix, and its names by number.
VOCABULARIES = (("objective", "po", OBJECTIVES), ("sdg", "sdg", GOALS))


def policy_tags():
    """Yield each tag's kind, number, slug, English name and French name."""
    for kind, prefix, names in VOCABULARIES:
        for number, (english, french) in enumerate(names, start=1):
            yield kind, number, f"{prefix}{number}", english, french
