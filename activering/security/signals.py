"""At login, remember in the session whether the user needs a second factor (so that
``TweedeFactorMiddleware`` never queries for it on a request)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import sessie_verlengen
from .selectors import tweede_factor_vereist


@receiver(user_logged_in, dispatch_uid="activering_tweede_factor_bij_aanmelden")
def tweede_factor_onthouden(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        tweede_factor_vereist(user=user, session=session)
        sessie_verlengen(session, altijd=True)
