"""Read an admin add or change form, or a list's editable rows, as a browser would submit it,
for tests that post it back.

The one form reader of the tests: it reads the forms Django rendered (response.context), so
it needs no HTML parsing and sees each field's widget. bench/load.py, which talks to a real
server and has only the HTML, keeps its own reader.
"""

from django import forms

# The <input> types a person types text into.
TEXT_INPUTS = frozenset({"text", "email", "url", "search", "password", "number", "tel"})


def submitted_data(response, **changes):
    """The POST data of the rendered admin form (main form and inlines), with changes applied."""
    data = {}
    for form in _forms_of(response):
        for bound in form:
            data.update(_field_data(bound))
            data.update(_hidden_initial_data(bound))
    data.update(changes)
    return data


def text_fields(response):
    """The names of the rendered form's fields that take typed text, inlines included."""
    return [
        name
        for form in _forms_of(response)
        for bound in form
        for name, widget in _widgets(bound)
        if isinstance(widget, forms.Textarea)
        or (isinstance(widget, forms.widgets.Input) and widget.input_type in TEXT_INPUTS)
    ]


def form_errors(response):
    """Every error of the rendered form, keyed "field" or "<inline prefix>-<n>-field"."""
    errors = dict(response.context["adminform"].form.errors)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for form in formset.forms:
            errors.update({f"{form.prefix}-{name}": e for name, e in form.errors.items()})
        if formset.non_form_errors():
            errors[f"{formset.prefix}-__all__"] = formset.non_form_errors()
    return errors


def _forms_of(response):
    if "adminform" not in response.context:  # a list with editable columns
        formset = response.context["cl"].formset
        yield formset.management_form
        yield from formset.forms
        return
    yield response.context["adminform"].form
    for inline in response.context["inline_admin_formsets"]:
        yield inline.formset.management_form
        yield from inline.formset.forms


def _widgets(bound):
    """(submitted name, widget) of each part of the field: a MultiWidget has several."""
    widget = bound.field.widget
    if isinstance(widget, forms.MultiWidget):
        return [
            (bound.html_name + suffix, sub)
            for suffix, sub in zip(widget.widgets_names, widget.widgets, strict=True)
        ]
    return [(bound.html_name, widget)]


def _hidden_initial_data(bound):
    """The hidden "initial-" inputs Django renders beside a field whose default is callable
    (a question's publish_at): a browser sends them, and has_changed() compares with them."""
    if not bound.field.show_hidden_initial:
        return {}
    widget = bound.field.hidden_widget()
    name, value = bound.html_initial_name, bound.initial
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value)
        return {
            name + suffix: sub.format_value(part) or ""
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True)
        }
    return {name: widget.format_value(value) or ""}


def _field_data(bound):
    widget, value = bound.field.widget, bound.value()
    if isinstance(widget, forms.MultiWidget):  # e.g. the split date and time of publish_at
        parts = value if isinstance(value, list) else widget.decompress(value)
        return {
            bound.html_name + suffix: sub.format_value(part) or ""
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True)
        }
    if isinstance(widget, forms.CheckboxInput):
        return {bound.html_name: "on"} if value else {}
    if (
        isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        and not value
    ):
        return {}  # a browser sends nothing for a multiple select with nothing chosen
    if value is None:
        return {bound.html_name: ""}
    return {bound.html_name: value}
