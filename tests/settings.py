"""The site's settings (faqsite/settings.py) with what only the test suite wants.

pytest reads this module (pyproject.toml, DJANGO_SETTINGS_MODULE); the site never does,
and nothing in faqsite/settings.py asks whether tests are running.
"""

from faqsite.settings import *  # noqa: F403

# Tests log users in by the dozen: PBKDF2 at Django's 1,000,000 iterations cost about
# 0.3 s per hashed password, some 30 s of every run. MD5 is fine for throw-away test users
# and never reaches a real password (the site keeps Django's default hashers).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each search is logged within its request, so that a test reads the row right after it;
# tests/faq/search/test_log_writer.py covers the batches the site writes.
FAQ_SEARCH_LOG_SECONDS = 0
