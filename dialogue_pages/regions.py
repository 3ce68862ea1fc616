"""Countries grouped into the UN's statistical regions (M49), and which count as the Global South.

Source: United Nations Statistics Division, *Standard country or area codes for statistical
use* (M49), https://unstats.un.org/unsd/methodology/m49/ — its regions and sub-regions, with
each country or area by its ISO 3166-1 alpha-2 code (the codes members choose from,
django-countries). M49's own region codes are kept beside the names ("002" Africa).
Areas M49 does not list (Antarctica, Taiwan, Kosovo, and user-assigned codes) have no region
here and are counted as "region not known".

**Global South** has no single official list. This module follows UNCTAD's definition of
developing economies, itself written in M49 regions (UNCTADstat, *Classifications*, "Economies
by development status"): "Africa, Latin America and the Caribbean, Asia without Israel, Japan,
and the Republic of Korea, and Oceania without Australia and New Zealand." Everything else
(Europe, Northern America, Israel, Japan, the Republic of Korea, Australia and New Zealand,
with the territories M49 lists in their sub-region) is the Global North. The concept note asks
to promote knowledge "from the Global South and grassroots women's organisations"; this is the
share that sentence needs.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Region:
    """An M49 region or sub-region: its three-digit code and its name."""

    code: str
    name: str


AFRICA = Region("002", _("Africa"))
AMERICAS = Region("019", _("Americas"))
ASIA = Region("142", _("Asia"))
EUROPE = Region("150", _("Europe"))
OCEANIA = Region("009", _("Oceania"))

REGIONS = (AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA)

# Each M49 sub-region, its region, and its countries and areas (ISO 3166-1 alpha-2).
SUB_REGIONS = (
    (AFRICA, Region("015", _("Northern Africa")), "DZ EG LY MA SD TN EH"),
    (
        AFRICA,
        Region("202", _("Sub-Saharan Africa")),
        # Eastern, Middle, Southern and Western Africa (M49's intermediate regions)
        "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW "
        "AO CM CF TD CG CD GQ GA ST "
        "BW SZ LS NA ZA "
        "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    ),
    (
        AMERICAS,
        Region("419", _("Latin America and the Caribbean")),
        # the Caribbean, Central America, South America
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI "
        "BZ CR SV GT HN MX NI PA "
        "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    ),
    (AMERICAS, Region("021", _("Northern America")), "BM CA GL PM US"),
    (ASIA, Region("143", _("Central Asia")), "KZ KG TJ TM UZ"),
    (ASIA, Region("030", _("Eastern Asia")), "CN HK MO KP JP MN KR"),
    (ASIA, Region("035", _("South-eastern Asia")), "BN KH ID LA MY MM PH SG TH TL VN"),
    (ASIA, Region("034", _("Southern Asia")), "AF BD BT IN IR MV NP PK LK"),
    (ASIA, Region("145", _("Western Asia")), "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE"),
    (EUROPE, Region("151", _("Eastern Europe")), "BY BG CZ HU PL MD RO RU SK UA"),
    (EUROPE, Region("154", _("Northern Europe")), "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB"),
    (EUROPE, Region("039", _("Southern Europe")), "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES"),
    (EUROPE, Region("155", _("Western Europe")), "AT BE FR DE LI LU MC NL CH"),
    (OCEANIA, Region("053", _("Australia and New Zealand")), "AU CX CC HM NZ NF"),
    (OCEANIA, Region("054", _("Melanesia")), "FJ NC PG SB VU"),
    (OCEANIA, Region("057", _("Micronesia")), "GU KI MH FM NR MP PW UM"),
    (OCEANIA, Region("061", _("Polynesia")), "AS CK PF NU PN WS TK TO TV WF"),
)

# ``{"KE": (Africa, Sub-Saharan Africa), …}``
COUNTRY_REGIONS = {code: (region, sub_region) for region, sub_region, codes in SUB_REGIONS for code in codes.split()}

# UNCTAD's developed economies outside Europe and Northern America (see the module's docstring).
GLOBAL_NORTH_IN_THE_SOUTHERN_REGIONS = frozenset({"IL", "JP", "KR"})
GLOBAL_NORTH_SUB_REGIONS = frozenset({"021", "053"})  # Northern America, Australia and New Zealand


def region_of(code):
    """The M49 region of the country ``code`` (ISO alpha-2), or None if M49 lists none."""
    regions = COUNTRY_REGIONS.get((code or "").upper())
    return regions[0] if regions else None


def sub_region_of(code):
    """The M49 sub-region of the country ``code``, or None if M49 lists none."""
    regions = COUNTRY_REGIONS.get((code or "").upper())
    return regions[1] if regions else None


def is_global_south(code):
    """Whether the country ``code`` is in the Global South as this module defines it; None if unknown."""
    code = (code or "").upper()
    if code not in COUNTRY_REGIONS:
        return None
    region, sub_region = COUNTRY_REGIONS[code]
    if region == EUROPE or sub_region.code in GLOBAL_NORTH_SUB_REGIONS:
        return False
    return code not in GLOBAL_NORTH_IN_THE_SOUTHERN_REGIONS


GLOBAL_SOUTH_CODES = frozenset(code for code in COUNTRY_REGIONS if is_global_south(code))
"""Every Global South country code, for a database filter (``country__in=GLOBAL_SOUTH_CODES``)."""
