"""Organisations and topics: the vocabulary practices are described with."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .base import NaturalKeyManager


class Organisation(models.Model):
    """An institution that leads or takes part in practices."""

    class Kind(models.TextChoices):
        PUBLIC_AUTHORITY = "public_authority", _("Public authority")
        AGENCY = "agency", _("Public agency")
        CLUSTER = "cluster", _("Cluster")
        EDUCATION = "education", _("Education and research")
        INVESTOR = "investor", _("Investor")
        BUSINESS_SUPPORT = "business_support", _("Business-support body")
        NON_PROFIT = "non_profit", _("Non-profit organisation")
        BUSINESS = "business", _("Business")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True)

    natural_key_field = "name"
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "country"])]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return f"{reverse('practices:list')}?partner={self.pk}"

    def natural_key(self):
        return (self.name,)


class Topic(models.Model):
    """A theme of the curated taxonomy that readers browse and filter by."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    natural_key_field = "slug"
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('practices:list')}?topic={self.slug}"

    def natural_key(self):
        return (self.slug,)
