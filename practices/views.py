from http import HTTPStatus

from django.views.generic import DetailView, ListView

from .filters import PracticeFilter
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


class PracticeSearchView(ListView):
    """The searchable practice list: GET form, facet counts, bookmarkable URL.

    Bad parameters (an unknown sort or topic, a malformed number) give the
    page with the form's errors and no results, status 400; a page past the
    end is a 404, as Django's paginator decides.
    """

    template_name = "practices/practice_list.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.filterset = PracticeFilter(request.GET)
        if not self.filterset.is_valid():
            self.object_list = Practice.objects.none()
            context = self.get_context_data()
            return self.render_to_response(context, status=HTTPStatus.BAD_REQUEST)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.filterset.results(headline=True).prefetch_related("topics")

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
        )
        return context


class PracticeDetailView(PublishedPracticeMixin, DetailView):
    def get_queryset(self):
        return super().get_queryset().with_page_data()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["canonical_url"] = self.request.build_absolute_uri(
            self.object.get_absolute_url()
        )
        context["related_practices"] = Practice.objects.related_to(self.object)
        # Opinions are read only for signed-in users, so an anonymous response
        # cannot contain them whatever the template does.
        if self.request.user.is_authenticated:
            context["opinions"] = ExpertOpinion.objects.filter(
                practice=self.object
            ).select_related("expert")
        return context
