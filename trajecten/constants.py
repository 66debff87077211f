from django.db import models
from django.utils.translation import gettext_lazy as _


class TrajectSoort(models.TextChoices):
    ART60 = "art60", _("art. 60 §7")
    ART61 = "art61", _("art. 61")
    WES = "wes", _("werkervaringsstage (WES)")
    IBO = "ibo", _("individuele beroepsopleiding (IBO)")
    OPLEIDING = "opleiding", _("opleiding")
    SOLLICITATIETRAINING = "sollicitatietraining", _("sollicitatietraining")
    JOBHUNTING = "jobhunting", _("jobhunting")
    MENTORING = "mentoring", _("mentoring")
    GROEPSWERKING = "groepswerking", _("groepswerking")
    WIJK_WERKEN = "wijk_werken", _("wijk-werken")
    SOCIALE_ECONOMIE = "sociale_economie", _("sociale economie")
    SOCIALE_ACTIVERING = "sociale_activering", _("sociale activering")
    VDAB_BEGELEIDING = "vdab_begeleiding", _("VDAB-begeleiding")
    ANDERE = "andere", _("andere")


class TrajectStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("aangemeld")
    LOPEND = "lopend", _("lopend")
    AFGEROND = "afgerond", _("afgerond")
    STOPGEZET = "stopgezet", _("stopgezet")


OPEN_STATUSSEN = [TrajectStatus.AANGEMELD, TrajectStatus.LOPEND]
GESLOTEN_STATUSSEN = [TrajectStatus.AFGEROND, TrajectStatus.STOPGEZET]


class Uitkomst(models.TextChoices):
    WERK_3M_PLUS = "werk_3m_plus", _("werk van 3 maanden of langer")
    WERK_TOT_3M = "werk_tot_3m", _("werk korter dan 3 maanden")
    OPLEIDING = "opleiding", _("opleiding")
    ANDERE_MAATREGEL = "andere_maatregel", _("andere maatregel")
    STOPZETTING_LEEFLOON = "stopzetting_leefloon", _("stopzetting leefloon")
    AFGEHAAKT = "afgehaakt", _("afgehaakt")
    OVERIGE = "overige", _("overige")


class Werkplek(models.TextChoices):
    """Where an art. 60 worker is placed."""

    EIGEN_DIENST = "eigen_dienst", _("eigen dienst")
    KMO = "kmo", _("KMO")
    SOCIALE_ECONOMIE = "sociale_economie", _("sociale economie")
    PRIVE = "prive", _("privé")
    PUBLIEK = "publiek", _("andere openbare dienst")


class Contracttype(models.TextChoices):
    VAST = "vast", _("vast")
    TIJDELIJK = "tijdelijk", _("tijdelijk")
    INTERIM = "interim", _("interim")
    ART60 = "art60", _("art. 60")
    ART61 = "art61", _("art. 61")
    SOCIALE_ECONOMIE = "sociale_economie", _("sociale economie")
    ZELFSTANDIGE = "zelfstandige", _("zelfstandige")
    FLEXI = "flexi", _("flexi-job")
    ANDERE = "andere", _("andere")
