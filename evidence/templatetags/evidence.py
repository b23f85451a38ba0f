from django import template

from .. import confirmations
from ..models import (
    EvidenceAssessment,
    EvidenceLevel,
    documents_of,
    images_of,
    indicators_of,
    videos_of,
)

register = template.Library()


@register.simple_tag
def evidence_levels():
    """Return (level, label, criteria) for every evidence level, lowest first."""
    return EvidenceLevel.criteria()


@register.filter
def assessment_of(practice):
    """Return the practice's evidence assessment, or None if it has none yet."""
    try:
        return practice.evidence_assessment
    except EvidenceAssessment.DoesNotExist:
        return None


@register.simple_tag
def practice_indicators(practice):
    """Return the practice's indicators (see ``with_evidence``)."""
    return indicators_of(practice)


@register.simple_tag
def practice_documents(practice):
    """Return the practice's documents (see ``with_evidence``)."""
    return documents_of(practice)


@register.simple_tag
def practice_images(practice):
    """Return the practice's images (see ``with_evidence``)."""
    return images_of(practice)


@register.simple_tag
def practice_videos(practice):
    """Return the practice's videos (see ``with_evidence``)."""
    return videos_of(practice)


@register.filter
def unconfirmed_since(practice):
    """Return since when a published practice is unconfirmed, if 18 months or more."""
    return confirmations.unconfirmed_since(practice)
