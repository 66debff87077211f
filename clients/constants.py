from django.db import models
from django.utils.translation import gettext_lazy as _


class Geslacht(models.TextChoices):
    MAN = "m", _("man")
    VROUW = "v", _("vrouw")
    X = "x", _("x")


class Taal(models.TextChoices):
    NL = "nl", _("Nederlands")
    FR = "fr", _("Frans")
    EN = "en", _("Engels")
    AR = "ar", _("Arabisch")
    UK = "uk", _("Oekraïens")
    RU = "ru", _("Russisch")
    TR = "tr", _("Turks")
    ANDERE = "andere", _("andere")


class Categorie(models.TextChoices):
    """Leefloon category (household situation, set by the social inquiry)."""

    SAMENWONEND = "samenwonend", _("samenwonend")
    ALLEENSTAAND = "alleenstaand", _("alleenstaand")
    GEZINSLAST = "gezinslast", _("gezinslast")


class UitkeringSoort(models.TextChoices):
    LEEFLOON = "leefloon", _("leefloon")
    EQUIVALENT_LEEFLOON = "equivalent_leefloon", _("equivalent leefloon")


class Stopreden(models.TextChoices):
    WERK = "werk", _("werk")
    ANDERE_UITKERING = "andere_uitkering", _("andere uitkering")
    VERHUIS = "verhuis", _("verhuis")
    WERKONWILLIGHEID = "werkonwilligheid", _("werkonwilligheid")
    STUDIE = "studie", _("studie")
    OVERLIJDEN = "overlijden", _("overlijden")
    ANDERE = "andere", _("andere")


class Drempel(models.TextChoices):
    """Barriers to work, as the OCMW's LAP evaluation lists them."""

    MOBILITEIT = "mobiliteit", _("mobiliteit")
    KINDEROPVANG = "kinderopvang", _("kinderopvang")
    TAAL = "taal", _("Nederlandse taal")
    GEZONDHEID = "gezondheid", _("gezondheid (medisch)")
    PSYCHISCH = "psychisch", _("psychisch welzijn")
    HUISVESTING = "huisvesting", _("huisvesting")
    SCHULDEN = "schulden", _("schulden")
    DIGITAAL = "digitaal", _("digitale vaardigheden")
    SCHOLING = "scholing", _("scholing / diploma")
    VERWACHTINGEN = "verwachtingen", _("onrealistische verwachtingen")
    ANDERE = "andere", _("andere")


class LogboekSoort(models.TextChoices):
    GESPREK = "gesprek", _("gesprek")
    HUISBEZOEK = "huisbezoek", _("huisbezoek")
    TELEFOON = "telefoon", _("telefoon")
    EMAIL = "email", _("e-mail")
    OVERLEG = "overleg", _("overleg")
    PARTNERMELDING = "partnermelding", _("melding van partner")


class GpmiActor(models.TextChoices):
    """Who takes an agreed GPMI step."""

    CLIENT = "client", _("cliënt")
    OCMW = "ocmw", _("OCMW")
    PARTNER = "partner", _("partner")


class GpmiDomein(models.TextChoices):
    """Action domain of a GPMI (the federal GPMI form)."""

    TEWERKSTELLING = "tewerkstelling", _("tewerkstelling")
    OPLEIDING = "opleiding", _("opleiding")
    STUDIES = "studies", _("studies")
    SOCIALE_ACTIVERING = "sociale_activering", _("sociale activering")
    ANDERE = "andere", _("andere")


class DocumentSoort(models.TextChoices):
    """File types a dossier accepts, recognised by their content (magic bytes)."""

    PDF = "pdf", _("PDF")
    PNG = "png", _("PNG-afbeelding")
    JPEG = "jpeg", _("JPEG-afbeelding")
    DOCX = "docx", _("Word-document (DOCX)")


#: Identity and contact fields of a client, in the order the intake and edit forms show them.
PERSOON_VELDEN = (
    "voornaam",
    "achternaam",
    "geboortedatum",
    "geslacht",
    "taal",
    "huishouden",
    "telefoon",
    "email",
    "straat",
    "postcode",
    "woonplaats",
)

#: Client fields a social worker changes on the dossier's edit form.
BEWERKBARE_VELDEN = (*PERSOON_VELDEN, "vdab_ingeschreven", "vdab_inschrijvingsdatum", "drempels")
