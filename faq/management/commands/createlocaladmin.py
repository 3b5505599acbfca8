import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Local development only: create a superuser 'admin' with a generated password "
        "when no superuser exists, and print the password once."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("createlocaladmin refuses to run when DJANGO_DEBUG is false.")
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser exists already; no new one was made.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(USERNAME, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Local admin for /admin/: user name {USERNAME!r}, password {password!r} "
                "(shown only this once)."
            )
        )
