"""django-reversion's messages written in Python, marked here so that makemessages puts them
in the project's catalogue: django-reversion ships no Japanese, and the project's locale is
looked up first. Its template strings come with the copies in templates/reversion/."""

from django.utils.translation import gettext_noop

REVERSION_MESSAGES = (
    gettext_noop("Initial version."),
    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
    gettext_noop("Could not load %(object_repr)s version - not found"),
    gettext_noop("Recover %(name)s"),
    gettext_noop("Revert %(name)s"),
    gettext_noop("Recover deleted %(name)s"),
    gettext_noop("date created"),
    gettext_noop("user"),
    gettext_noop("comment"),
)
