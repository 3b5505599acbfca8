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

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware

# What a view or a template may set to make one response's policy its own (django-csp).
_PER_RESPONSE = tuple(
    f"_csp_{what}{ro}" for what in ("config", "update", "replace", "exempt") for ro in ("", "_ro")
)


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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy built once per setting, not per response.

    The site sets no per-view policy and uses no nonce, so every response gets the same
    header; building it from the settings cost a cached page about a fifth of its time. A
    response or request that does carry its own policy (a decorator, a nonce) still gets
    django-csp's own treatment, and so does everything under DEBUG.
    """

    _built: dict = {}

    def process_response(self, request, response):
        if settings.DEBUG or _own_policy(request, response):
            return super().process_response(request, response)
        for header, value in self._headers(request).items():
            if header not in response:
                response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _headers(self, request):
        key = (
            id(getattr(settings, "CONTENT_SECURITY_POLICY", None)),
            id(getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)),
        )
        headers = self._built.get(key)
        if headers is None:
            probe = super().process_response(request, HttpResponse())
            headers = {h: probe[h] for h in (HEADER, HEADER_REPORT_ONLY) if h in probe}
            ContentSecurityPolicyMiddleware._built = {key: headers}
        return headers


def _own_policy(request, response):
    if getattr(request, "_csp_nonce", None) is not None:
        return True
    return any(getattr(response, name, None) is not None for name in _PER_RESPONSE)
