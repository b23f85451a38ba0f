from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from messaging.forms import ContactForm
from messaging.views import contact_refusal

from .cache import cached_public_object, current_generation
from .models import ExpertOpinion, Follow, Practice, page_data_prefetches


class PublishedPracticeMixin:
    model = Practice

    def get_queryset(self):
        return Practice.objects.published()


class PracticeListView(PublishedPracticeMixin, ListView):
    paginate_by = 20

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("main_institution")
            .prefetch_related("topics")
        )


class HomeView(PracticeListView):
    template_name = "home.html"
    paginate_by = 10


class PracticeDetailView(PublishedPracticeMixin, DetailView):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("main_institution")
            .with_follower_count()
            .with_topic_names()
        )

    def get_object(self, queryset=None):
        # Signed-in readers miss the whole-page cache, but the practice itself is
        # public and the same for all of them.
        self.generation = current_generation()
        return cached_public_object(
            f"practice:{self.kwargs['slug']}",
            self.generation,
            lambda: super(PracticeDetailView, self).get_object(queryset),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The public sections are cached fragments (see the template); their data
        # is fetched only when one of them has to be rendered again.
        context["page_data"] = SimpleLazyObject(self.prefetch_page_data)
        context["generation"] = self.generation
        context["page_cache_seconds"] = settings.PAGE_CACHE_SECONDS
        context["canonical_url"] = self.request.build_absolute_uri(
            self.object.get_absolute_url()
        )
        # Opinions are read only for signed-in users, so an anonymous response
        # cannot contain them whatever the template does.
        if self.request.user.is_authenticated:
            context["opinions"] = ExpertOpinion.objects.filter(
                practice=self.object
            ).select_related("expert")
            reader = self.reader_state()
            context["is_following"] = reader["follows_practice"]
            context["contact_refusal"] = contact_refusal(
                self.request.user, self.object, verified=reader["has_verified_email"]
            )
            if not context["contact_refusal"]:
                context["form"] = ContactForm()
        return context

    def reader_state(self):
        """What the page needs to know of the reader, in one query."""
        return (
            get_user_model()
            .objects.filter(pk=self.request.user.pk)
            .values(
                follows_practice=Exists(
                    Follow.objects.filter(user=OuterRef("pk"), practice=self.object)
                ),
                has_verified_email=Exists(
                    EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
                ),
            )
            .get()
        )

    def prefetch_page_data(self):
        prefetch_related_objects([self.object], *page_data_prefetches())
        return self.object
