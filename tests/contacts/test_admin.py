import pytest
from django.urls import reverse

from contacts.models import ContactChannel
from tests.admin_forms import form_errors, submitted_data
from tests.factories import ContactChannelFactory

pytestmark = pytest.mark.django_db


def admin_url(view, *args):
    return reverse(f"admin:contacts_contactchannel_{view}", args=args)


def new_channel_data(**changes):
    data = {
        "slug": "sales-desk",
        "name_ja": "総合受付",
        "name_en": "Main desk",
        "kind": ContactChannel.Kind.PHONE,
        "value": "03-0000-0000",
        "position": "0",
        "is_active": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["alice", "erin"])
def test_changelist_add_and_change_pages_render_for_administrator_and_editor(
    client, request, persona
):
    channel = ContactChannelFactory()
    client.force_login(request.getfixturevalue(persona))
    for url in (
        admin_url("changelist"),
        admin_url("add"),
        admin_url("change", channel.pk),
        admin_url("history", channel.pk),
    ):
        assert client.get(url).status_code == 200, url


def test_an_editor_adds_a_channel_in_both_languages(client, erin):
    client.force_login(erin)
    response = client.post(admin_url("add"), new_channel_data())
    assert response.status_code == 302, form_errors(response)
    channel = ContactChannel.objects.get(slug="sales-desk")
    assert (channel.name_ja, channel.name_en) == ("総合受付", "Main desk")


def test_an_editor_changes_a_channel(client, erin):
    channel = ContactChannelFactory(opening_hours_ja="平日9:00~18:00")
    client.force_login(erin)
    page = client.get(admin_url("change", channel.pk))
    data = submitted_data(page, opening_hours_ja="平日10:00~17:00")
    response = client.post(admin_url("change", channel.pk), data)
    assert response.status_code == 302, form_errors(response)
    channel.refresh_from_db()
    assert channel.opening_hours_ja == "平日10:00~17:00"


def test_it_rejects_a_channel_without_a_japanese_name(client, erin):
    client.force_login(erin)
    response = client.post(admin_url("add"), new_channel_data(name_ja=""))
    assert "name_ja" in form_errors(response)
    assert not ContactChannel.objects.exists()


def test_it_rejects_a_non_ascii_slug(client, erin):
    client.force_login(erin)
    response = client.post(admin_url("add"), new_channel_data(slug="総合受付"))
    assert "slug" in form_errors(response)
    assert not ContactChannel.objects.exists()


def test_the_viewer_reads_but_cannot_add_change_or_delete(client, victor):
    channel = ContactChannelFactory(value="desk@example.com")
    client.force_login(victor)
    assert client.get(admin_url("changelist")).status_code == 200
    page = client.get(admin_url("change", channel.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(admin_url("add"), new_channel_data()).status_code == 403
    changed = new_channel_data(slug=channel.slug, value="other@example.com")
    assert client.post(admin_url("change", channel.pk), changed).status_code == 403
    assert client.post(admin_url("delete", channel.pk), {"post": "yes"}).status_code == 403
    assert list(ContactChannel.objects.values_list("value", flat=True)) == ["desk@example.com"]


def test_an_editor_switches_a_channel_off_from_the_list(client, erin):
    channel = ContactChannelFactory(position=3)
    client.force_login(erin)
    response = client.post(
        admin_url("changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": channel.pk,
            "form-0-position": "3",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.is_active is False
