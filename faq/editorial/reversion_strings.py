"""django-reversion's strings (its Python and its templates), marked here so that
makemessages keeps them in the project's catalogue: django-reversion ships no Japanese, and
the project's locale is looked up before an app's. Upgrading django-reversion: compare with
its templates/reversion/*.html and admin.py, and add what changed."""

from django.utils.translation import gettext_noop

REVERSION_MESSAGES = (
    # reversion/admin.py and models.py
    gettext_noop("Initial version."),
    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
    gettext_noop("Could not load %(object_repr)s version - not found"),
    gettext_noop("Recover %(name)s"),
    gettext_noop("Revert %(name)s"),
    gettext_noop("Recover deleted %(name)s"),
    gettext_noop("date created"),
    gettext_noop("user"),
    gettext_noop("comment"),
    # templates/reversion/*.html
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Date/time"),
    gettext_noop("User"),
    gettext_noop("Action"),
    gettext_noop(
        "This object doesn't have a change history. It probably wasn't added via this admin site."
    ),
    gettext_noop("Press the save button below to recover this version of the object."),
    gettext_noop("Choose a date from the list below to recover a deleted version of an object."),
    gettext_noop("There are no deleted objects to recover."),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the save button below to revert to this version of the object."),
    gettext_noop("Home"),
    gettext_noop("History"),
)
