"""The Editors group can run the desk but not manage users or groups."""

import pytest
from django.contrib.auth.models import Group, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = User.objects.create_user("ines", password="a long enough password 123", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.mark.parametrize(
    "url",
    ["/admin/articles/article/add/", "/admin/articles/person/", "/admin/articles/place/add/",
     "/admin/media_captions/photo/add/", "/admin/articles/quote/"],
)  # fmt: skip
def test_editors_can_use_the_desk(editor_client, url):
    assert editor_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_editors_cannot_manage_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403
