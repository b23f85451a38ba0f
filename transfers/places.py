"""The public pages of an organisation and of a region: its practices and transfers.

A transfer is *made* by the organisation that takes a practice up, in its own
region (``Transfer.organisation``, ``Transfer.nuts_code``), and *received* by the
practice's main institution and region. Only confirmed transfers of published
practices are shown (``TransferQuerySet.public``), with what the practice page
shows of them: no recorder, no contact, no notes. Each page costs a constant
number of queries: its practices in one, both lists of transfers in another.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_countries import countries

from practices.models import Organisation, Partnership, Practice

from .models import Transfer

# The practices listed on a page; the practice list (filtered) has them all.
PRACTICES_SHOWN = 50
# A NUTS code is two letters and up to three letters or digits (BE, BE3, BE35).
NUTS_CODE = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")
# NUTS names two countries otherwise than ISO 3166 does.
NUTS_COUNTRIES = {"EL": "GR", "UK": "GB"}


def _practices(queryset):
    """Up to ``PRACTICES_SHOWN`` practices and whether there are more (1 query)."""
    rows = list(
        queryset.select_related("main_institution").order_by("-start_date", "title")[
            : PRACTICES_SHOWN + 1
        ]
    )
    return rows[:PRACTICES_SHOWN], len(rows) > PRACTICES_SHOWN


def _transfers(condition):
    return list(
        Transfer.objects.public()
        .filter(condition)
        .select_related("practice", "organisation")
        .order_by("-start_date", "country", "pk")
    )


def organisation_page(organisation):
    """The practices the organisation leads or partners in, and its transfers.

    Made: confirmed transfers it records as the organisation taking a practice
    up. Received: confirmed transfers of the practices it leads.
    """
    practices, more = _practices(
        Practice.objects.published().of_organisation(organisation)
    )
    rows = _transfers(
        Q(organisation=organisation) | Q(practice__main_institution=organisation)
    )
    return {
        "practices": practices,
        "more_practices": more,
        "all_url": organisation.get_absolute_url(),
        "transfers_made": [t for t in rows if t.organisation_id == organisation.pk],
        "transfers_received": [
            t for t in rows if t.practice.main_institution_id == organisation.pk
        ],
    }


@dataclass(frozen=True)
class Region:
    """A country (ISO code) or a NUTS region (its code; the country it lies in)."""

    code: str
    country: str
    name: str = ""

    @property
    def is_country(self):
        return self.code == self.country

    @property
    def country_name(self):
        return countries.name(self.country) or self.country

    @property
    def list_url(self):
        """The practice list filtered to the place, as near as its filters go."""
        query = {"country": self.country}
        if self.name:
            query["region"] = self.name
        return f"{reverse('practices:list')}?{urlencode(query)}"

    @property
    def label(self):
        if self.is_country:
            return self.country_name
        return f"{self.name} ({self.code})" if self.name else self.code


def region_page(code):
    """The practices located in a country or NUTS region and its transfers.

    A NUTS code covers the regions within it (BE3 takes in BE35). Made: the
    confirmed transfers recorded for that place; received: the confirmed
    transfers of the practices located there. A country page exists for every
    country; a NUTS page only where a public practice or transfer names the code.
    """
    if len(code) == 2:
        return _country_page(code)
    practices, more = _practices(
        Practice.objects.published().filter(nuts_code__startswith=code)
    )
    rows = _transfers(
        Q(nuts_code__startswith=code) | Q(practice__nuts_code__startswith=code)
    )
    if not practices and not rows:
        raise Http404
    # The region's name as a practice or a transfer with exactly this code has it.
    names = [p.region for p in practices if p.nuts_code == code] + [
        t.region for t in rows if t.nuts_code == code
    ]
    region = Region(
        code=code,
        country=NUTS_COUNTRIES.get(code[:2], code[:2]),
        name=next((name for name in names if name), ""),
    )
    return {
        "region": region,
        "practices": practices,
        "more_practices": more,
        "all_url": region.list_url,
        "transfers_made": [t for t in rows if t.nuts_code.startswith(code)],
        "transfers_received": [
            t for t in rows if t.practice.nuts_code.startswith(code)
        ],
    }


def _country_page(code):
    if not countries.name(code):
        raise Http404
    practices, more = _practices(Practice.objects.published().filter(country=code))
    rows = _transfers(Q(country=code) | Q(practice__country=code))
    region = Region(code=code, country=code)
    return {
        "region": region,
        "practices": practices,
        "more_practices": more,
        "all_url": region.list_url,
        "transfers_made": [t for t in rows if t.country.code == code],
        "transfers_received": [t for t in rows if t.practice.country.code == code],
    }


def organisations_with_pages():
    """Organisations with a published practice or a public transfer (sitemap)."""
    published = Practice.objects.published()
    return Organisation.objects.filter(
        Q(pk__in=published.values("main_institution"))
        | Q(
            pk__in=Partnership.objects.filter(practice__in=published).values(
                "organisation"
            )
        )
        | Q(
            pk__in=Transfer.objects.public()
            .filter(organisation__isnull=False)
            .values("organisation")
        )
    ).order_by("pk")


def region_codes():
    """Every country and NUTS code a published practice or public transfer names."""
    codes = set()
    for queryset in (Practice.objects.published(), Transfer.objects.public()):
        rows = queryset.order_by().values_list("country", "nuts_code").distinct()
        for country, nuts in rows:
            # A two-letter NUTS code is its country, whose page has the ISO code.
            codes.update(
                code for code in (country, nuts) if len(code) > 2 or code == country
            )
    return sorted(codes)


def organisation(request, pk):
    """An organisation: its practices, the transfers it made and received."""
    found = get_object_or_404(Organisation, pk=pk)
    context = {"organisation": found, **organisation_page(found)}
    return render(request, "transfers/organisation_detail.html", context)


def region(request, code):
    """A country or NUTS region: its practices, the transfers made and received."""
    if not NUTS_CODE.match(code):
        raise Http404
    if code in NUTS_COUNTRIES:
        return redirect("places:region", code=NUTS_COUNTRIES[code], permanent=True)
    return render(request, "transfers/region_detail.html", region_page(code))
