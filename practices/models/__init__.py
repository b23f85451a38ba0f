"""The practices core, one module per concern; import models from here."""

from .base import (
    EXPERTS_GROUP,
    TOPIC_SEPARATOR,
    NaturalKeyManager,
    TimeStampedModel,
    currency_validator,
    nuts_code_validator,
    validate_keywords,
)
from .follows import Follow
from .opinions import ExpertOpinion, ReaderView
from .organisations import Organisation, Topic
from .parts import ActionAxis, FundingSource, Partnership, PracticeItem, PracticePart
from .practice import ListedFollower, Practice
from .querysets import (
    SEARCH_VECTOR_SQL,
    PracticeQuerySet,
    ongoing_q,
    page_data_prefetches,
)

__all__ = [
    "EXPERTS_GROUP",
    "SEARCH_VECTOR_SQL",
    "TOPIC_SEPARATOR",
    "ActionAxis",
    "ExpertOpinion",
    "Follow",
    "FundingSource",
    "ListedFollower",
    "NaturalKeyManager",
    "Organisation",
    "Partnership",
    "Practice",
    "PracticeItem",
    "PracticePart",
    "PracticeQuerySet",
    "ReaderView",
    "Topic",
    "TimeStampedModel",
    "currency_validator",
    "nuts_code_validator",
    "ongoing_q",
    "page_data_prefetches",
    "validate_keywords",
]
