"""The security headers on every response the application produces.

A response made from an exception passes only the middlewares outside the one that raised.
django-csp, X-Frame-Options and SecurityMiddleware come first in MIDDLEWARE, so redirects and
errors answered further in (LocaleMiddleware, CommonMiddleware, a 500 in the page cache) pass
them; but SecurityMiddleware itself raises for a bad Host when it redirects to https, and
that 400 would leave it without nosniff, Referrer-Policy and COOP. This outermost middleware
runs the three middlewares' response step once more: each leaves alone a header already set
and honours its exemptions, so for every other response it changes nothing.

Responses gunicorn writes itself (a request line too long, a malformed request) never reach
Django; SECURITY.md says what they hold and how a proxy adds the headers to them.
"""

from csp.middleware import CSPMiddleware
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware


class SecurityHeadersMiddleware:
    """Outermost: CSP, X-Frame-Options, nosniff, Referrer-Policy and COOP where missing."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.add_headers = (
            CSPMiddleware(get_response).process_response,
            XFrameOptionsMiddleware(get_response).process_response,
            SecurityMiddleware(get_response).process_response,
        )

    def __call__(self, request):
        response = self.get_response(request)
        for add in self.add_headers:
            response = add(request, response)
        return response
