from django.views.generic import DetailView, ListView

from .models import ExpertOpinion, Practice


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
        return super().get_queryset().with_page_data()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["canonical_url"] = self.request.build_absolute_uri(
            self.object.get_absolute_url()
        )
        # Opinions are read only for signed-in users, so an anonymous response
        # cannot contain them whatever the template does.
        if self.request.user.is_authenticated:
            context["opinions"] = ExpertOpinion.objects.filter(
                practice=self.object
            ).select_related("expert")
        return context
