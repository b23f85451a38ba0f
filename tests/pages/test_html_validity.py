"""The Nu HTML checker (vnu.jar) finds no error on any page or error state.

`make vnu` installs the checker from npm into .cache/ (git-ignored); it runs
with the machine's Java. Without it the test is skipped, unless REQUIRE_VNU=1
(CI, see .ci/run) makes that a failure. The pages are rendered by the test
client, so the checker reads the HTML exactly as the server sends it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from accounts.models import User
from practices.models import Practice
from tests.page_list import (
    ANONYMOUS_PAGES,
    ERROR_STATES,
    EXPERT_PAGES,
    SIGNED_IN_PAGES,
    page_ids,
)

pytestmark = pytest.mark.django_db

VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR",
        Path(__file__).resolve().parents[2]
        / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if not VNU_JAR.exists() or java is None:
        reason = f"the Nu HTML checker needs {VNU_JAR} and java: run `make vnu`"
        if os.environ.get("REQUIRE_VNU") == "1":
            pytest.fail(reason)
        pytest.skip(reason)

    def check(directory):
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
            + sorted(str(path) for path in directory.glob("*.html")),
            capture_output=True,
            text=True,
            timeout=600,
        )
        return json.loads(result.stderr or result.stdout or '{"messages": []}')[
            "messages"
        ]

    return check


def rendered_pages(client, practice):
    """(name, HTML) for every page and error state, as each kind of user sees it."""
    users = {
        "reader": User.objects.get(email="reader@example.org"),
        "expert": User.objects.get(email="expert@example.org"),
    }
    ids = page_ids()
    who_pages = [
        (None, ANONYMOUS_PAGES),
        ("reader", SIGNED_IN_PAGES),
        ("expert", EXPERT_PAGES),
    ]
    for who, pages in who_pages:
        client.logout()
        if who:
            client.force_login(users[who])
        for name, url in pages.items():
            response = client.get(url.format(**ids))
            yield name, response
    for name, who, url, data in ERROR_STATES:
        client.logout()
        if who:
            client.force_login(users[who])
        url = url.format(**ids)
        yield name, client.post(url, data)


def test_every_page_is_valid_html(client, demo, vnu, tmp_path):
    practice = Practice.objects.get(slug="wallonia-european-creative-district")
    for name, response in rendered_pages(client, practice):
        assert response["Content-Type"].startswith("text/html"), name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    errors = vnu(tmp_path)
    report = "\n".join(
        f"- {Path(error['url']).name}:{error.get('lastLine')}: {error['message']}"
        for error in errors
    )
    assert not errors, f"The Nu HTML checker found errors:\n{report}"


def test_the_checker_finds_errors(vnu, tmp_path):
    """The test above cannot pass by not reading the pages."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
        '<body><h2 role="status">x</h2></body></html>'
    )
    assert [error["message"] for error in vnu(tmp_path)]
