from django import forms
from django.forms import renderers
from django.utils.translation import gettext_lazy as _


class VoteForm(forms.Form):
    # Shown on the question page, which is Jinja2 (faq/templating.py): its widgets too.
    default_renderer = renderers.Jinja2()

    helpful = forms.ChoiceField(choices=(("yes", _("Yes")), ("no", _("No"))))
    reason = forms.CharField(
        label=_("What was missing? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )

    @property
    def is_helpful(self) -> bool:
        return self.cleaned_data["helpful"] == "yes"
