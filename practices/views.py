from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, prefetch_related_objects
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView, TemplateView
from django_countries import countries

from accounts.generations import account_generation, signed_in_memory
from evidence.models import with_evidence
from messaging.forms import ContactForm
from messaging.views import contact_refusal
from policies.models import with_policy_tags
from transfers.models import with_confirmed_transfers

from .cache import (
    ReaderPartsMixin,
    cached_aggregate,
    cached_public_object,
    layer_on,
    practice_scopes,
)
from .filters import PracticeFilter, unfiltered_facet_rows
from .languages import localized
from .models import ExpertOpinion, Follow, Practice, page_data_prefetches


class PublishedPracticeMixin:
    model = Practice

    def get_queryset(self):
        return Practice.objects.published()


class PracticeListView(ReaderPartsMixin, PublishedPracticeMixin, ListView):
    paginate_by = 20

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("main_institution")
            .prefetch_related("topics")
        )


class HomeView(ReaderPartsMixin, TemplateView):
    """Where the work starts: search, browse by topic and country, what is new.

    Three queries for any number of practices: the latest, the most followed,
    and (at most once a minute, see ``cached_aggregate``) the counts and the
    most followed practices' ids; the page is kept like the lists.
    """

    template_name = "home.html"
    shown = 4

    def get_context_data(self, **kwargs):
        published = Practice.objects.published().select_related("main_institution")
        latest = list(
            published.order_by(F("published_at").desc(nulls_last=True), "-pk")[
                : self.shown
            ]
        )
        figures = cached_aggregate("home", self.figures)
        found = published.with_follower_count().in_bulk(figures["most_followed"])
        followed = [found[pk] for pk in figures["most_followed"] if pk in found]
        return super().get_context_data(
            latest=latest,
            most_followed=followed,
            topic_counts=figures["topics"],
            country_counts=figures["countries"],
            **kwargs,
        )

    def figures(self):
        """The topic and country counts and the most followed practices' ids.

        The counts are the unfiltered list's (``unfiltered_facet_rows``); the
        most followed are counted over the follows, not every practice.
        """
        most_followed = list(
            Follow.objects.filter(practice__status=Practice.Status.PUBLISHED)
            .values("practice")
            .annotate(n=Count("pk"))
            .order_by("-n", localized("practice__title"), "practice")
            .values_list("practice", flat=True)[: self.shown]
        )
        topics, countries_found = [], []
        for facet, key, label, count in unfiltered_facet_rows():
            if not key:
                continue
            if facet == "topic":
                topics.append((key, label, count))
            elif facet == "country":
                countries_found.append((key, str(countries.name(key) or key), count))
        topics.sort(key=lambda row: row[1].casefold())
        countries_found.sort(key=lambda row: row[1].casefold())
        return {
            "most_followed": most_followed,
            "topics": topics,
            "countries": countries_found,
        }


class CountedPaginator(Paginator):
    """A paginator told how many items there are, instead of counting them.

    The count may lag a change (``cached_aggregate``): a page still lists as
    many items as the database gives, never fewer because of it.
    """

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_items = count

    @cached_property
    def count(self):
        return self.count_items()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(
            self.object_list[bottom : bottom + self.per_page], number, self
        )


class PracticeSearchView(ReaderPartsMixin, ListView):
    """The searchable practice list: GET form, facet counts, bookmarkable URL.

    Bad parameters (an unknown sort or topic, a malformed number) give the
    page with the form's errors and no results, status 400; a page past the
    end is a 404, as Django's paginator decides.
    """

    template_name = "practices/practice_list.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.filterset = PracticeFilter(request.GET, reads_counts=True)
        if not self.filterset.is_valid():
            self.object_list = Practice.objects.none()
            context = self.get_context_data()
            return self.render_to_response(context, status=HTTPStatus.BAD_REQUEST)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.filterset.results(headline=True).prefetch_related("topics")

    def get_paginator(self, queryset, per_page, **kwargs):
        if not self.filterset.is_valid():
            return super().get_paginator(queryset, per_page, **kwargs)
        # Counting every match takes as long as the facets: kept with them.
        return CountedPaginator(
            queryset, per_page, count=self.filterset.count, **kwargs
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = self.filterset.is_valid()
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            form=self.filterset.form,
            facets=self.filterset.facets() if valid else {},
            search_query=self.filterset.search_query if valid else "",
            querystring=query.urlencode(),
            # The search help names what differs between the two databases.
            search_stems_words=connection.vendor == "postgresql",
            filters_active=any(
                value
                for key, value in self.request.GET.items()
                if key in self.filterset.filters and key not in {"q", "sort"}
            ),
        )
        return context


class PracticeDetailView(ReaderPartsMixin, PublishedPracticeMixin, DetailView):
    reader_parts_template = "practices/includes/_reader_parts.html"
    reader_parts_need_context = True
    cache_scopes = staticmethod(practice_scopes)

    def get_queryset(self):
        practices = with_evidence(
            with_confirmed_transfers(
                super()
                .get_queryset()
                .select_related("main_institution", "author")
                .with_follower_count()
                .with_topic_names()
                .with_listed_followers()
                .annotate(
                    has_expert_opinion=Exists(
                        ExpertOpinion.objects.filter(practice=OuterRef("pk"))
                    )
                )
            )
        )
        return with_policy_tags(practices)

    def get_object(self, queryset=None):
        # Signed-in readers miss the whole-page cache, but the practice itself is
        # public and the same for all of them.
        return cached_public_object(
            # Per language: its topic names are the reader's.
            f"practice:{get_language()}:{self.kwargs['slug']}",
            self.generation,
            lambda: super(PracticeDetailView, self).get_object(queryset),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The public sections' data is fetched only when the page is rendered, not
        # when a signed-in reader's parts are set in its kept text (page_text).
        context["page_data"] = SimpleLazyObject(self.prefetch_page_data)
        context["canonical_url"] = self.request.build_absolute_uri(
            self.object.get_absolute_url()
        )
        # Built only if the page is rendered (see page_data).
        context["related_practices"] = SimpleLazyObject(self.related_practices)
        # Opinions are read only for signed-in users, so an anonymous response
        # cannot contain them whatever the template does.
        if self.request.user.is_authenticated:
            reader = self.reader_view()
            context["opinions"] = reader.opinions
            context["is_following"] = reader.follows_practice
            context["contact_refusal"] = contact_refusal(
                self.request.user, self.object, verified=reader.has_verified_email
            )
            context["empty_form"] = ContactForm.rendered_empty()
        return context

    def reader_view(self):
        """What this signed-in reader sees of the practice beyond the public page.

        The expert opinions, whether the reader follows the practice and whether
        they have a verified address: one query (see ``ExpertOpinion.objects
        .for_reader``), then kept in this process's memory.
        """
        user = self.request.user
        # A page rendered whole for each request (a draft's preview, whose
        # generation never moves) keeps nothing of its reader either.
        if not layer_on("members") or self.reader_parts_template is None:
            return ExpertOpinion.objects.for_reader(self.object, user)
        # Kept per reader: an opinion, a follow or a published change moves the
        # page's generations; a newly verified address, the account generation.
        generation = getattr(user, "account_generation", None)  # AccountBackend
        key = (
            f"practices:reader-view:{self.generation}:{self.object.pk}:{user.pk}:"
            f"{generation or account_generation(user.pk)}"
        )
        return ExpertOpinion.objects.for_reader(
            self.object, user, kept_in=(signed_in_memory(), key)
        )

    def related_practices(self):
        """The related practices, ranked at most once an hour; one or two queries.

        Ranking looks at every practice that shares a topic or a partner, which
        grows with the database; which practices are related changes slowly, so
        the ranking is kept for an hour, while their titles and whether they are
        still published are read again each time the page is rendered.
        """
        key = f"practices:related:{self.object.pk}"
        ranked = cache.get(key) if layer_on("related") else None
        if ranked is None:
            ranked = Practice.objects.related_ids(self.object)
            cache.set(key, ranked, settings.RELATED_CACHE_SECONDS)
        found = (
            Practice.objects.published()
            .select_related("main_institution")
            .in_bulk(ranked)
        )
        return [found[pk] for pk in ranked if pk in found]

    def prefetch_page_data(self):
        prefetch_related_objects([self.object], *page_data_prefetches())
        return self.object
