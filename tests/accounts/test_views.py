from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["account_login", "account_signup"])
def test_account_pages_use_the_portal_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    assertContains(response, 'href="#main-content"')
    assertContains(response, "Good Practice Portal")
