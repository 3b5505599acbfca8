"""Text typed in a browser, normalised before it is compared or stored.

Browsers submit a textarea's line breaks as CRLF (the HTML standard says so), while the
stored text, the fixtures and the exports use LF: without this, saving an untouched form
"changed" every answer and wrote CRLF into the database.
"""

from django import forms
from django.db import models


def normalise_newlines(text):
    if not isinstance(text, str):
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


class NormalisedCharField(forms.CharField):
    def to_python(self, value):
        return super().to_python(normalise_newlines(value))


# For a ModelAdmin's or an inline's formfield_overrides: every text field, whatever its
# widget. Slug fields keep their own form field (they have no line breaks to normalise).
NORMALISED_TEXT = {
    models.CharField: {"form_class": NormalisedCharField},
    models.TextField: {"form_class": NormalisedCharField},
    models.SlugField: {},
}
