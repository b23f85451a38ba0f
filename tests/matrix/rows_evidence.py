"""Matrix rows for the evidence app's URLs."""

from django.urls import reverse

from tests.matrix import Row
from tests.matrix.rows_core import everyone

ROWS = [
    Row("evidence:levels", lambda w: reverse("evidence:levels"), **everyone(200)),
    Row(
        "practices:list",
        lambda w: reverse("practices:list") + "?evidence=3&sort=evidence",
        **everyone(200),
    ),
    Row(
        "practices:list",
        lambda w: reverse("practices:list") + "?evidence=9",
        **everyone(400),
    ),
]


def document(w, practice):
    from django.core.files.base import ContentFile

    from evidence.models import Document

    doc = Document(practice=practice, title="Report", content_type="application/pdf")
    doc.size = len(PDF)
    doc.file.save("report.pdf", ContentFile(PDF), save=False)
    doc.save()
    return doc


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ["unverified", "verified", "expert", "author", "staff"]

ROWS += [
    Row(
        "evidence:documents",
        lambda w: reverse("evidence:documents", args=[w.draft.pk]),
        anonymous=302,
        unverified=403,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        "evidence:document",
        lambda w: document(w, w.practice).get_absolute_url(),
        **everyone(200),
    ),
    # A draft's documents are as private as the draft.
    Row(
        "evidence:document",
        lambda w: document(w, w.draft).get_absolute_url(),
        anonymous=404,
        unverified=404,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        "evidence:document-delete",
        lambda w: reverse("evidence:document-delete", args=[1]),
        **dict.fromkeys(["anonymous", *ROLES], 405),
    ),
]


def image(w, practice):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from evidence.models import PracticeImage

    name = default_storage.save("practice-images/matrix-480.png", ContentFile(PNG))
    return PracticeImage.objects.create(
        practice=practice,
        alt="A chart",
        content_type="image/png",
        width=1,
        height=1,
        variants=[[1, 1, name]],
    )


# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a8a3e3a40000000049454e44ae426082"
)

ROWS += [
    Row(
        "evidence:image",
        lambda w: image(w, w.practice).get_absolute_url(),
        **everyone(200),
    ),
    Row(
        "evidence:image",
        lambda w: image(w, w.draft).get_absolute_url(),
        anonymous=404,
        unverified=404,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        "evidence:image-delete",
        lambda w: reverse("evidence:image-delete", args=[1]),
        **dict.fromkeys(["anonymous", *ROLES], 405),
    ),
]


def video(w, practice):
    from evidence.models import Video

    return Video.objects.create(
        practice=practice, title="Workshop", url="https://vimeo.com/76979871"
    )


ROWS += [
    Row(
        "evidence:video",
        lambda w: video(w, w.practice).get_absolute_url(),
        **everyone(200),
    ),
    # A draft's videos are as private as the draft.
    Row(
        "evidence:video",
        lambda w: video(w, w.draft).get_absolute_url(),
        anonymous=404,
        unverified=404,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        "evidence:video-delete",
        lambda w: reverse("evidence:video-delete", args=[1]),
        **dict.fromkeys(["anonymous", *ROLES], 405),
    ),
]

ROWS += [
    # Only the author (or staff) confirms that a published practice still runs.
    Row(
        "evidence:confirm",
        lambda w: reverse("evidence:confirm", args=[w.practice.pk]),
        anonymous=302,
        unverified=403,
        verified=404,
        expert=404,
        author=200,
        staff=200,
    ),
    Row(
        "evidence:confirm",
        lambda w: reverse("evidence:confirm", args=[w.draft.pk]),
        anonymous=302,
        unverified=403,
        verified=404,
        expert=404,
        author=404,
        staff=404,
    ),
    Row(
        "evidence:unconfirmed",
        lambda w: reverse("evidence:unconfirmed"),
        anonymous=302,
        unverified=403,
        verified=403,
        expert=403,
        author=403,
        staff=200,
    ),
]
