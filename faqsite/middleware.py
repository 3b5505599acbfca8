"""The security headers on every response the application produces.

A response made from an exception passes only the middlewares outside the one that raised:
a bad Host refused by SecurityMiddleware's https redirect, a 500 raised in the page cache, a
redirect answered by LocaleMiddleware or CommonMiddleware. So the middlewares that set the
headers (django-csp, X-Frame-Options, SecurityMiddleware's nosniff and friends) run here,
outside everything. Each leaves alone a header already set and honours its exemptions, so
running SecurityMiddleware's part a second time, for responses it has seen, changes nothing.

Responses gunicorn writes itself (a request line too long, a malformed request) never reach
Django; SECURITY.md says what they hold and how a proxy adds the headers to them.
"""

from csp.middleware import CSPMiddleware
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware


class SecurityHeadersMiddleware:
    """The outermost middleware: CSP, X-Frame-Options, nosniff, Referrer-Policy, COOP."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = CSPMiddleware(get_response)
        self.add_headers = (
            self.csp.process_response,
            XFrameOptionsMiddleware(get_response).process_response,
            SecurityMiddleware(get_response).process_response,
        )

    def __call__(self, request):
        self.csp.process_request(request)  # request.csp_nonce, for a template that needs one
        response = self.get_response(request)
        for add in self.add_headers:
            response = add(request, response)
        return response
