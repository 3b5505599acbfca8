"""The site settings in the admin (faq/site_admin.py) and what visitors then see."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from faq.models import FooterLink, SiteSettings
from tests.admin_forms import form_errors, submitted_data
from tests.factories import SiteSettingsFactory

pytestmark = pytest.mark.django_db

LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">'
    b'<script>x()</script><rect width="4" height="4"/></svg>'
)


def test_a_second_record_cannot_be_added_the_add_form_leads_to_the_first(client, erin):
    client.force_login(erin)
    assert client.get(reverse("admin:faq_sitesettings_add")).status_code == 200
    record = SiteSettingsFactory()
    change = reverse("admin:faq_sitesettings_change", args=[record.pk])
    assert client.get(reverse("admin:faq_sitesettings_add"))["Location"] == change
    assert client.get(change).status_code == 200


def test_an_editor_sets_the_names_a_footer_link_and_an_uploaded_logo(client, erin):
    record = SiteSettingsFactory()
    client.force_login(erin)
    change = reverse("admin:faq_sitesettings_change", args=[record.pk])
    data = submitted_data(
        client.get(change),
        company_name_ja="新会社",
        **{
            "footer_links-0-label_ja": "利用規約",
            "footer_links-0-label_en": "Terms",
            "footer_links-0-url": "https://example.com/terms",
            "footer_links-0-position": "1",
        },
    )
    data["upload_logo"] = SimpleUploadedFile("logo.svg", LOGO, content_type="image/svg+xml")
    response = client.post(change, data)
    assert response.status_code == 302, form_errors(response)
    record.refresh_from_db()
    assert record.company_name_ja == "新会社"
    assert b"<rect" in bytes(record.logo) and b"script" not in bytes(record.logo)
    assert list(FooterLink.objects.values_list("label_en", "url")) == [
        ("Terms", "https://example.com/terms")
    ]

    home = client.get(reverse("faq:home")).content.decode()
    assert f'<img class="brand-logo" src="{record.logo_url}" alt="新会社"' in home
    assert '<a href="https://example.com/terms" rel="noopener">利用規約</a>' in home
    logo = client.get(record.logo_url)
    assert logo["Content-Type"] == "image/svg+xml"
    assert "sandbox" in logo["Content-Security-Policy"]
    assert b"script" not in logo.content
    assert "immutable" in logo["Cache-Control"]  # staff or not: the same bytes for everyone
    client.logout()
    assert "immutable" in client.get(record.logo_url)["Cache-Control"]
    assert client.get(reverse("site-logo", args=["20200101000000000000"])).status_code == 404


def test_a_file_that_is_no_logo_is_refused_and_changes_nothing(client, erin):
    record = SiteSettingsFactory()
    client.force_login(erin)
    change = reverse("admin:faq_sitesettings_change", args=[record.pk])
    data = submitted_data(client.get(change), company_name_ja="変えない")
    data["upload_logo"] = SimpleUploadedFile("logo.svg", b"<html>no</html>")
    response = client.post(change, data)
    assert response.status_code == 200
    assert "upload_logo" in form_errors(response) or "__all__" in form_errors(response)
    assert SiteSettings.objects.get().company_name_ja == record.company_name_ja


def test_a_viewer_cannot_change_the_site_settings(client, victor):
    record = SiteSettingsFactory()
    client.force_login(victor)
    change = reverse("admin:faq_sitesettings_change", args=[record.pk])
    response = client.post(change, {"site_name_ja": "乗っ取り"})
    assert response.status_code == 403
    assert SiteSettings.objects.get().site_name_ja == record.site_name_ja


def test_a_static_logo_must_name_a_static_file(client, erin):
    record = SiteSettingsFactory()
    client.force_login(erin)
    change = reverse("admin:faq_sitesettings_change", args=[record.pk])
    response = client.post(change, submitted_data(client.get(change), logo_static="faq/nope.svg"))
    assert "logo_static" in form_errors(response)
    response = client.post(
        change, submitted_data(client.get(change), logo_static="faq/favicon.svg")
    )
    assert response.status_code == 302, form_errors(response)
    assert (
        '<img class="brand-logo" src="/static/faq/favicon.svg"'
        in client.get("/ja/").content.decode()
    )
