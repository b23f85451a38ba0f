from django.urls import resolve, reverse


def test_practice_urls_reverse_and_resolve():
    assert reverse("home") == "/"
    assert reverse("practices:list") == "/practices/"
    assert reverse("practices:detail", kwargs={"slug": "wecd"}) == "/practices/wecd/"
    assert resolve("/practices/wecd/").view_name == "practices:detail"


def test_french_urls_have_a_prefix():
    from django.utils import translation

    with translation.override("fr"):
        assert reverse("practices:detail", kwargs={"slug": "wecd"}) == (
            "/fr/practices/wecd/"
        )
