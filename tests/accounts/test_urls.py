import pytest
from django.urls import resolve, reverse


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("accounts:profile", "/accounts/profile/"),
        ("accounts:data", "/accounts/data/"),
        ("accounts:data-export", "/accounts/data/export/"),
        ("accounts:delete", "/accounts/delete/"),
    ],
)
def test_account_urls_reverse_and_resolve(name, path):
    assert reverse(name) == path
    assert resolve(path).view_name == name
