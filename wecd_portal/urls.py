from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from pages.identity import portal_name
from practices.cache import anonymous_page_cache
from practices.views import HomeView

admin.site.site_header = _("Portal administration")
admin.site.site_title = lazy(portal_name, str)()

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Open data (API, feed, sitemap, robots.txt): one URL for every language.
    path("", include("opendata.urls")),
]

# English pages live at the root, French ones under /fr/: each language has its
# own URL, which search engines and caches can tell apart.
urlpatterns += i18n_patterns(
    path("", anonymous_page_cache(HomeView.as_view()), name="home"),
    path("practices/", include("practices.urls")),
    path("publishing/", include("publishing.urls")),
    path("evidence/", include("evidence.urls")),
    path("policies/", include("policies.urls")),
    path("", include("pages.urls")),
    path("accounts/", include("accounts.urls")),
    # Before allauth's: the same view, with a 429 for a locked-out address.
    path("accounts/login/", account_views.login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("", include("following.urls")),
    path("messages/", include("messaging.urls")),
    path("discover/", include("discovery.urls")),
    path("transfers/", include("transfers.urls")),
    # The organisation and region pages: the transfers each made and received.
    path("", include("transfers.places_urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "pages.views.bad_request"
handler403 = "pages.views.permission_denied"
handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"
