"""The security headers on every response the application produces.

A response made from an exception passes only the middlewares outside the one that raised.
django-csp, X-Frame-Options and SecurityMiddleware come first in MIDDLEWARE, so redirects and
errors answered further in (LocaleMiddleware, CommonMiddleware, a 500 in the page cache) pass
all three; but SecurityMiddleware itself raises for a bad Host when it redirects to https,
and that 400 passes CSP and X-Frame-Options only. This outermost middleware then runs
SecurityMiddleware's response step once more, for nosniff, Referrer-Policy and COOP; every
other response already carries them (SECURE_CONTENT_TYPE_NOSNIFF is always on), so it is
left alone at the cost of one header lookup.

Responses gunicorn writes itself (a request line too long, a malformed request) never reach
Django; SECURITY.md says what they hold and how a proxy adds the headers to them.
"""

from django.middleware.security import SecurityMiddleware


class SecurityHeadersMiddleware:
    """Outermost: SecurityMiddleware's headers on a response it raised instead of passing."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.add_security_headers = SecurityMiddleware(get_response).process_response

    def __call__(self, request):
        response = self.get_response(request)
        if "X-Content-Type-Options" not in response:
            response = self.add_security_headers(request, response)
        return response
