"""Countries: their names, the adjectives made from them, and the cities that place a meeting.

Country names come from pycountry (ISO 3166), loaded on first use so that start-up stays light.
No library ships demonyms or capitals, so small tables of those that party news uses are kept
here; a country missing from them is still found by its name.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The names news items use where ISO's short name is formal ("Korea, Republic of").
SHORT_NAMES = {
    "KOR": "South Korea", "PRK": "North Korea", "LAO": "Laos", "VNM": "Vietnam",
    "RUS": "Russia", "IRN": "Iran", "SYR": "Syria", "BOL": "Bolivia", "VEN": "Venezuela",
    "TZA": "Tanzania", "MDA": "Moldova", "CZE": "Czech Republic", "COD": "DR Congo",
    "CIV": "Côte d'Ivoire", "GBR": "United Kingdom", "USA": "United States", "PSE": "Palestine",
    "TWN": "Taiwan", "FSM": "Micronesia", "BRN": "Brunei", "CPV": "Cape Verde",
    "TUR": "Turkey", "MKD": "North Macedonia", "CHN": "China", "SWZ": "Eswatini",
}
EXTRA_NAMES = {
    "Britain": "GBR", "Great Britain": "GBR", "UK": "GBR", "US": "USA", "U.S.": "USA",
    "USA": "USA", "America": "USA", "DPRK": "PRK", "Republic of Korea": "KOR", "ROK": "KOR",
    "Lao": "LAO", "Viet Nam": "VNM", "Russian Federation": "RUS",
    "Ivory Coast": "CIV", "Czechia": "CZE", "East Timor": "TLS", "Burma": "MMR",
    "Democratic Republic of the Congo": "COD", "Republic of the Congo": "COG",
    "Türkiye": "TUR", "Turkiye": "TUR", "Holland": "NLD", "the Netherlands": "NLD",
}
DEMONYMS = {
    "Afghan": "AFG", "Albanian": "ALB", "Algerian": "DZA", "Angolan": "AGO", "Argentine": "ARG",
    "Argentinian": "ARG", "Armenian": "ARM", "Australian": "AUS", "Austrian": "AUT",
    "Azerbaijani": "AZE", "Bangladeshi": "BGD", "Belarusian": "BLR", "Belgian": "BEL",
    "Beninese": "BEN", "Bolivian": "BOL", "Bosnian": "BIH", "Brazilian": "BRA", "British": "GBR",
    "Bruneian": "BRN", "Bulgarian": "BGR", "Burundian": "BDI", "Cambodian": "KHM",
    "Cameroonian": "CMR", "Canadian": "CAN", "Chadian": "TCD", "Chilean": "CHL",
    "Chinese": "CHN", "Colombian": "COL", "Congolese": "COG", "Croatian": "HRV", "Cuban": "CUB",
    "Cypriot": "CYP", "Czech": "CZE", "Danish": "DNK", "Dominican": "DOM", "Dutch": "NLD",
    "Ecuadorian": "ECU", "Egyptian": "EGY", "Eritrean": "ERI", "Estonian": "EST",
    "Ethiopian": "ETH", "Fijian": "FJI", "Finnish": "FIN", "French": "FRA", "Gabonese": "GAB",
    "Gambian": "GMB", "Georgian": "GEO", "German": "DEU", "Ghanaian": "GHA", "Greek": "GRC",
    "Guinean": "GIN", "Guyanese": "GUY", "Hungarian": "HUN", "Indian": "IND",
    "Indonesian": "IDN", "Iranian": "IRN", "Iraqi": "IRQ", "Irish": "IRL", "Israeli": "ISR",
    "Italian": "ITA", "Ivorian": "CIV", "Jamaican": "JAM", "Japanese": "JPN",
    "Jordanian": "JOR", "Kazakh": "KAZ", "Kenyan": "KEN", "Kuwaiti": "KWT", "Kyrgyz": "KGZ",
    "Lao": "LAO", "Laotian": "LAO", "Latvian": "LVA", "Lebanese": "LBN", "Liberian": "LBR",
    "Libyan": "LBY", "Lithuanian": "LTU", "Malagasy": "MDG", "Malawian": "MWI",
    "Malaysian": "MYS", "Maldivian": "MDV", "Malian": "MLI", "Maltese": "MLT",
    "Mauritanian": "MRT", "Mauritian": "MUS", "Mexican": "MEX", "Moldovan": "MDA",
    "Mongolian": "MNG", "Montenegrin": "MNE", "Moroccan": "MAR", "Mozambican": "MOZ",
    "Namibian": "NAM", "Nepali": "NPL", "Nepalese": "NPL", "Nicaraguan": "NIC",
    "Nigerian": "NGA", "Nigerien": "NER", "Norwegian": "NOR", "Pakistani": "PAK",
    "Palestinian": "PSE", "Panamanian": "PAN", "Paraguayan": "PRY", "Peruvian": "PER",
    "Filipino": "PHL", "Philippine": "PHL", "Polish": "POL", "Portuguese": "PRT",
    "Romanian": "ROU", "Russian": "RUS", "Rwandan": "RWA", "Salvadoran": "SLV", "Samoan": "WSM",
    "Saudi": "SAU", "Senegalese": "SEN", "Serbian": "SRB", "Sierra Leonean": "SLE",
    "Singaporean": "SGP", "Slovak": "SVK", "Slovenian": "SVN", "Somali": "SOM",
    "South African": "ZAF", "South Korean": "KOR", "North Korean": "PRK", "Spanish": "ESP",
    "Sri Lankan": "LKA", "Sudanese": "SDN", "Surinamese": "SUR", "Swedish": "SWE",
    "Swiss": "CHE", "Syrian": "SYR", "Tajik": "TJK", "Tanzanian": "TZA", "Thai": "THA",
    "Timorese": "TLS", "Togolese": "TGO", "Tunisian": "TUN", "Turkish": "TUR",
    "Turkmen": "TKM", "Ugandan": "UGA", "Ukrainian": "UKR", "Uruguayan": "URY",
    "Uzbek": "UZB", "Venezuelan": "VEN", "Vietnamese": "VNM",
    "Yemeni": "YEM", "Zambian": "ZMB", "Zimbabwean": "ZWE", "Emirati": "ARE",
    "Bahraini": "BHR", "Qatari": "QAT", "Omani": "OMN",
}
# Cities a meeting is placed in: capitals and the Chinese cities that host delegations.
CITIES = {
    "Beijing": "CHN", "Shanghai": "CHN", "Urumqi": "CHN", "Chongqing": "CHN",
    "Shenzhen": "CHN", "Guangzhou": "CHN", "Hangzhou": "CHN", "Kunming": "CHN",
    "Nanning": "CHN", "Xiamen": "CHN", "Wuhan": "CHN", "Changsha": "CHN", "Xi'an": "CHN",
    "Tianjin": "CHN", "Lhasa": "CHN", "Harbin": "CHN", "Chengdu": "CHN", "Fuzhou": "CHN",
    "Qingdao": "CHN", "Dalian": "CHN", "Yan'an": "CHN", "Shaoshan": "CHN", "Nanjing": "CHN",
    "Hanoi": "VNM", "Ho Chi Minh City": "VNM", "Vientiane": "LAO", "Phnom Penh": "KHM",
    "Pyongyang": "PRK", "Seoul": "KOR", "Tokyo": "JPN", "Ulaanbaatar": "MNG", "Moscow": "RUS",
    "Minsk": "BLR", "Astana": "KAZ", "Almaty": "KAZ", "Bishkek": "KGZ", "Dushanbe": "TJK",
    "Tashkent": "UZB", "Islamabad": "PAK", "Kathmandu": "NPL", "Dhaka": "BGD", "Colombo": "LKA",
    "New Delhi": "IND", "Bangkok": "THA", "Jakarta": "IDN", "Kuala Lumpur": "MYS",
    "Singapore": "SGP", "Manila": "PHL", "Canberra": "AUS", "Wellington": "NZL", "Suva": "FJI",
    "Tehran": "IRN", "Damascus": "SYR", "Baghdad": "IRQ", "Ankara": "TUR", "Cairo": "EGY",
    "Algiers": "DZA", "Rabat": "MAR", "Tunis": "TUN", "Addis Ababa": "ETH", "Nairobi": "KEN",
    "Dar es Salaam": "TZA", "Dodoma": "TZA", "Pretoria": "ZAF", "Johannesburg": "ZAF",
    "Harare": "ZWE", "Lusaka": "ZMB", "Luanda": "AGO", "Maputo": "MOZ", "Windhoek": "NAM",
    "Kigali": "RWA", "Kampala": "UGA", "Abuja": "NGA", "Accra": "GHA", "Dakar": "SEN",
    "Havana": "CUB", "Caracas": "VEN", "Managua": "NIC", "Brasilia": "BRA", "Sao Paulo": "BRA",
    "Buenos Aires": "ARG", "Santiago": "CHL", "Lima": "PER", "Bogota": "COL", "La Paz": "BOL",
    "Mexico City": "MEX", "Montevideo": "URY", "London": "GBR", "Paris": "FRA",
    "Berlin": "DEU", "Rome": "ITA", "Madrid": "ESP", "Lisbon": "PRT", "Athens": "GRC",
    "Budapest": "HUN", "Belgrade": "SRB", "Prague": "CZE", "Warsaw": "POL", "Vienna": "AUT",
    "Brussels": "BEL", "The Hague": "NLD", "Amsterdam": "NLD", "Stockholm": "SWE",
    "Valletta": "MLT", "Washington": "USA", "New York": "USA", "Ottawa": "CAN",
    "Bandar Seri Begawan": "BRN", "Dili": "TLS", "Male": "MDV", "Nicosia": "CYP",
}


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], re.Pattern[str]]:
    import pycountry  # imported here: only items that get this far pay for it

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value:
                names[value] = c.alpha_3
    names.update({v: k for k, v in SHORT_NAMES.items()})
    names.update(EXTRA_NAMES)
    names.update(DEMONYMS)
    keys = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")
    return names, pattern


def display_name(alpha3: str) -> str:
    import pycountry

    if alpha3 in SHORT_NAMES:
        return SHORT_NAMES[alpha3]
    c = pycountry.countries.get(alpha_3=alpha3)
    if c is None:
        return alpha3
    return str(getattr(c, "common_name", None) or c.name)


def official_names(alpha3: str) -> list[str]:
    """Every name a store might already hold the country under."""
    import pycountry

    c = pycountry.countries.get(alpha_3=alpha3)
    out = [display_name(alpha3)]
    if c is not None:
        out += [getattr(c, a, None) or "" for a in ("common_name", "name", "official_name")]
    out += [k for k, v in EXTRA_NAMES.items() if v == alpha3]
    return [n for n in dict.fromkeys(out) if n]


def find(text: str) -> list[tuple[int, str]]:
    """Countries named or implied (by name or adjective) in text: (offset, ISO alpha-3)."""
    names, pattern = _table()
    return [(m.start(), names[m[1]]) for m in pattern.finditer(text)]


def city_country(city: str) -> str | None:
    return CITIES.get(city)


def find_city(text: str) -> str | None:
    """A known city the text places the contact in ("in Hanoi", "here" is handled apart)."""
    for m in re.finditer(r"\b(?:in|at)\s+((?:[A-Z][\w'’]+\s?){1,4})", text):
        words = m[1].split()
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n])
            if cand in CITIES:
                return cand
    return None


def split_suffix(name: str) -> tuple[str, str | None]:
    """"MPLA of Angola" -> ("MPLA", "AGO"): a name qualified by its country, and the country."""
    m = re.match(r"^(.*\S)\s+of\s+(?:the\s+)?(.+)$", name)
    if m is None:
        return name, None
    names, _ = _table()
    alpha3 = names.get(m[2])
    return (m[1], alpha3) if alpha3 else (name, None)
