"""Page weight: what a reader on a slow connection downloads."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from tests.constants import WECD_URL

pytestmark = pytest.mark.django_db


def test_html_is_compressed_for_browsers_that_accept_it(client, demo):
    response = client.get(WECD_URL, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert b"Wallonia European Creative District" in gzip.decompress(response.content)


def test_practice_page_weighs_under_40_kb_compressed_in_total(client, demo):
    response = client.get(WECD_URL, HTTP_ACCEPT_ENCODING="gzip")
    html = gzip.decompress(response.content).decode()
    total = len(response.content)
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert assets, "the page should load its stylesheet"
    for asset in assets:
        with open(finders.find(asset), "rb") as file:
            total += len(gzip.compress(file.read()))
    assert total < 40 * 1024, f"{total} bytes"
    # No JavaScript is needed; structured data (JSON-LD) is not a script.
    code = re.sub(
        r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S
    )
    assert "<script" not in code
