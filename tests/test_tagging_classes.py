"""Failure classes of tagging today's news (issue 11), as should-match and should-not-match tables.

Every sentence here was written for this test; none is taken from a news story.
Each row is tagged as a story body under a neutral headline, so a country needs
two mentions (or one and corroborating evidence) to be tagged, as in real copy.
"""

from __future__ import annotations

import pytest

from briefing.names import given_names, titles
from briefing.tag import default_tagger


def tags_of(text: str, title: str = "Local news") -> set[str]:
    return set(default_tagger().tag(title, text).tags)


def case(text, present=(), absent=(), title="Local news"):
    return pytest.param(text, set(present), set(absent), title, id=text[:60])


def check(text, present, absent, title):
    tags = tags_of(text, title)
    assert present <= tags, f"missing {present - tags} in {sorted(tags)}"
    assert not absent & tags, f"wrongly tagged {absent & tags}"


# 1. US and Canadian towns named after places abroad.
TOWNS = [
    case("The council of Lisbon, Ohio, voted to repave Main Street. Lisbon officials said work starts in May.",
         {"United States"}, {"Portugal"}),
    case("Floods closed roads around Moscow, Idaho. Moscow residents were told to stay home.",
         {"United States"}, {"Russia"}),
    case("Athens, Ga., will host the regional fair. Athens hotels expect a busy week.",
         {"United States"}, {"Greece"}),
    case("A new bridge opened in London, Ont., on Friday. London's mayor cut the ribbon.",
         {"Canada"}, {"United Kingdom"}),
    case("Berlin, N.H., approved a tax cut. Berlin selectmen said the budget was balanced.",
         {"United States"}, {"Germany"}),
    case("DELHI, N.Y. - The county fair opened. Delhi farmers showed their cattle.",
         {"United States"}, {"India"}),
    case("Police in Lebanon, Pa., arrested two men. Lebanon police said both were released on bail.",
         {"United States"}, {"Lebanon"}),
    case("The Mexico Independent School District in Mexico, Missouri, hired teachers. Mexico schools reopen.",
         {"United States"}, {"Mexico"}),
    case("Students at Jordan Elementary planted trees. Jordan Elementary won a prize for it.",
         (), {"Jordan"}),
    case("Hurricane damage in Birmingham, Ala., was light. Birmingham crews cleared the roads.",
         {"United States"}, {"United Kingdom"}),
    case("Voters in Sydney, Nova Scotia, chose a mayor. Sydney's new mayor promised jobs.",
         {"Canada"}, {"Australia"}),
    # ...while the real places are still read as the countries.
    case("Lisbon hosted a summit of Portuguese and Spanish ministers. Portugal said trade grew.",
         {"Portugal"}),
    case("TBILISI, Georgia - Opposition parties rallied outside parliament. Georgia's president spoke.",
         {"Georgia"}, {"United States"}),
    case("Ottawa, Ontario, hosted the meeting. Canada's ministers agreed on a plan.", {"Canada"}),
]

# 2. Georgia the US state.
GEORGIA = [
    case("Georgia's utility regulators raised power rates in Atlanta on Monday. Georgia lawmakers objected.",
         {"United States"}, {"Georgia"}),
    case("The GBI said the suspect fled Georgia. Agents searched Savannah and Macon.",
         {"United States"}, {"Georgia"}),
    case("Peaches from Macon, Ga., sold out. Georgia growers said the frost spared them.",
         {"United States"}, {"Georgia"}),
    case("Georgia's new utility regulator was sworn in by Gov. Brian Kemp. Georgia power bills will rise.",
         (), {"Georgia"}),
    case("Researchers at the University of Georgia and in Glasgow shared the grant. The University of "
         "Georgia team leads it.", (), {"Georgia"}),
    case("Sen. Jon Ossoff (D-Ga.) backed the bill. Georgia farmers will get the money.", (), {"Georgia"}),
    case("Georgia's parliament in Tbilisi passed the law. Georgian officials said the EU was consulted.",
         {"Georgia"}, {"United States"}),
    # A lone "Georgia" with no evidence either way is too weak to tag the country...
    case("Heavy snow closed schools in Georgia on Tuesday, officials said.", (), {"Georgia"}),
    case("Voters in Georgia go to the polls. Turnout was high.", (), {"Georgia"}, title="Election day"),
    # ...words only the state has make it the state, words only the country has the country,
    case("Floods hit three counties in Georgia. Georgia's roads reopened.", {"United States"}, {"Georgia"}),
    case("Protesters marched against Georgian Dream. Georgia's ruling party won the vote.",
         {"Georgia"}, {"United States"}),
    # ...and a story that keeps naming it is still about the country.
    case("Georgia and Armenia signed a transit deal.", {"Georgia", "Armenia"}, title="Georgia signs deal"),
]

# 3. People's names.
PEOPLE = [
    case("Georgia Stevens, a nurse, won the prize. Georgia Stevens thanked her colleagues.", (), {"Georgia"}),
    case("The column was written by Bill Holland. Holland has covered the city for years.", (), {"Netherlands"}),
    case("Photographer Zen Trinidad took the pictures. Trinidad said the light was perfect.",
         (), {"Trinidad and Tobago"}),
    case("Mayor Virginia Raggi opened the library in Rome. Virginia Raggi said Rome needed more books.",
         {"Italy"}, {"United States"}),
    case("Mr. Jordan declined to comment. Jordan's lawyer said he would appeal.", (), {"Jordan"}),
    case("Coach Chad Morris praised his players. Chad Morris said the season went well.", (), {"Chad"}),
    case("Kenya Moore and Israel Lopez starred in the show. Kenya Moore sang twice.", (), {"Kenya", "Israel"}),
    case("Paris Hilton opened a hotel. Paris Hilton said she liked hotels.", (), {"France"}),
    # ...but a country before a title, in a list, or after a sentence that ends in a title-like
    # word ("...the United States. Afghanistan's ministry"), is still the country.
    case("The envoy flew home to the United States. Afghanistan's ministry said the talks went well. "
         "Afghanistan will host the next round.", {"Afghanistan"}),
    case("China President Xi Jinping met India Prime Minister Narendra Modi. China and India agreed.",
         {"China", "India"}),
    case("Troops from Jordan and Israel trained together. Jordan said the drill went well; Israel agreed.",
         {"Jordan", "Israel"}),
]

# 4. Country words inside other names.
OTHER_NAMES = [
    case("China Daily reported record rainfall in Jakarta. Indonesia said Indonesian dams held.",
         {"Indonesia"}, {"China"}),
    case("The supermarket chain Iceland cut prices in Leeds. Iceland said profits fell.", (), {"Iceland"}),
    case("The Niger Delta Development Commission paid contractors. Nigeria said Nigerian oil output rose.",
         {"Nigeria"}, {"Niger"}),
    case("India's opposition Congress won the state poll. Congress leaders thanked voters across India.",
         {"India"}, {"United States"}),
    case("The National Security Council met in the White House. National Security Council staff briefed Biden.",
         (), {"UN"}),
    case("Kenya Airways added flights to Dubai. Kenya Airways said demand from the Emirates was strong.",
         (), {"Kenya"}),
    # ...while the real things are still found.
    case("Congress passed the spending bill on Friday. Congress will vote on taxes next.", {"United States"}),
    case("The U.N. Security Council met on Syria. The Security Council condemned the attack.", {"UN"}),
    case("Iceland's government raised fishing quotas. Iceland said cod stocks recovered.", {"Iceland"}),
]

# 5. Neighbours confused: the longest name wins.
NEIGHBOURS = [
    case("Fighting in the Democratic Republic of the Congo displaced thousands. Congo's army retreated.",
         {"DR Congo"}, {"Republic of the Congo"}),
    case("South-Sudan's president met rebel leaders. South-Sudan said a truce would hold.",
         {"South Sudan"}, {"Sudan"}),
    case("Brazzaville hosted talks. The Republic of the Congo said Congo-Brazzaville would mediate.",
         {"Republic of the Congo"}, {"DR Congo"}),
]

# 6. Stories that name only subdivisions and towns.
SUBDIVISIONS = [
    case("Tamil Nadu and Karnataka are at odds over river water. Farmers in Tamil Nadu blocked roads in Karnataka.",
         {"India"}),
    case("Flooding hit Benue and Kogi. Relief trucks reached Makurdi in Benue on Tuesday.", {"Nigeria"}),
    case("Gunmen attacked villages in Borno and Yobe. Residents of Maiduguri fled.", {"Nigeria"}),
    case("Floods in Bavaria closed roads near Munich. Bavaria asked for help.", {"Germany"}),
    case("Shelling in the Donetsk region killed two. The Kharkiv region was also hit.", {"Ukraine"}),
    case("Shelling hit Kherson and Zaporizhzhia overnight. Residents of Kherson fled west.", {"Ukraine"}),
    case("Flooding in Cornwall and Devon closed roads near Exeter. Cornwall council shut schools.",
         {"United Kingdom"}),
    case("Reservoirs in West Yorkshire are low. Leeds residents were asked to save water.", {"United Kingdom"}),
    case("Voters in Maharashtra and Gujarat went to the polls. Mumbai saw long queues.", {"India"}),
    case("The Toronto Blue Jays beat Boston on Friday. Toronto Blue Jays fans filled the stadium.", {"Canada"}),
    # ...but a lone subdivision-like word is not enough.
    case("The Punjab restaurant opened downtown. Its owner said business was good.", (), {"India", "Pakistan"}),
]

# 7. Non-state actors and intergovernmental bodies.
ACTORS = [
    case("Taliban negotiators released an American hostage in Doha. The Taliban thanked Qatar.",
         {"Taliban", "Qatar"}),
    case("Hamas fired rockets and Hezbollah joined in. Hamas said it would fight on.", {"Hamas"}),
    case("Hezbollah fighters and Hizbollah commanders met in Beirut.", {"Hezbollah"}),
    case("ISIS claimed the bombing. Daesh had struck the town before.", {"Islamic State"}),
    case("The Islamic State group lost territory. ISIL fighters fled east.", {"Islamic State"}),
    case("Al-Qaeda in the Arabian Peninsula claimed the raid. AQAP said more would follow.", {"al-Qaeda"}),
    case("Al-Shabaab attacked a base in Somalia. Al-Shabab fighters withdrew.", {"al-Shabaab", "Somalia"}),
    case("The Houthis fired drones at ships. Ansar Allah said the attacks would go on.", {"Houthis"}),
    case("Wagner Group fighters left Mali. The Africa Corps replaced the Wagner mercenaries.", {"Wagner Group"}),
    case("The PKK ended its armed struggle. The Kurdistan Workers' Party said Turkey must respond.", {"PKK"}),
    case("Ministers of the Eurasian Economic Union met in Minsk. The EAEU agreed on tariffs.", {"EAEU"}),
    case("The Union State of Russia and Belarus held a council. The Union State budget grew.", {"Union State"}),
    case("The Council of Europe criticised the law. The Council of Europe asked for changes.",
         {"Council of Europe"}),
    case("The ICC issued a warrant. The International Criminal Court said the case was open.", {"ICC"}),
    case("The ICJ ruled on the border. The International Court of Justice gave both sides a year.", {"ICJ"}),
    case("The WTO ruled against the tariffs. The World Trade Organization said they broke the rules.", {"WTO"}),
    case("The Arab League met in Cairo. Arab League ministers backed the plan.", {"Arab League"}),
    case("GCC leaders met in Riyadh. The Gulf Cooperation Council agreed a customs union.", {"GCC"}),
    case("AUKUS partners agreed on submarines. AUKUS will share technology.", {"AUKUS"}),
    case("Quad foreign ministers met in Tokyo. The Quad pledged vaccines.", {"Quad"}),
    case("The Visegrad Group opposed the quota. Visegrád Group leaders met in Prague.", {"Visegrád Group"}),
    case("The Bucharest Nine summit met in Riga. Bucharest Nine leaders backed NATO.", {"Bucharest Nine"}),
    case("The Nordic Council met in Oslo. The Nordic Council discussed energy.", {"Nordic Council"}),
    case("The CIS summit met in Dushanbe. CIS leaders signed four agreements.", {"CIS"}),
    # ...and the words that only look like them.
    case("Richard Wagner wrote long operas. Wagner's music fills the hall.", (), {"Wagner Group"}),
    case("Wagner commanders seized the town, Russia's defence ministry said. Wagner has about 5,000 men there.",
         {"Wagner Group"}),
    case("An exhibition on the goddess Isis opened. Isis was worshipped across the Mediterranean.",
         (), {"Islamic State"}),
    case("The quad bike race drew riders. Quad bikes raced on the beach.", (), {"Quad"}),
    case("India won the ICC Champions Trophy. The ICC World Cup starts in June.", (), {"ICC"}),
    # "ICC" alone: the court, unless the story is about cricket (the International Cricket
    # Council); words only the court has win a story that has both.
    case("The ICC fined the captain for a slow over rate. The ICC said the second Test goes ahead.",
         (), {"ICC"}),
    case("Pakistan's bowlers took ten wickets. The ICC praised the ground; the ICC ranking rose.",
         {"Pakistan"}, {"ICC"}),
    case("The ICC issued a warrant. The ICC said the judges had agreed.", {"ICC"}),
    case("The ICC prosecutor sought a warrant for war crimes. The ICC said a cricket star testified.",
         {"ICC"}),
    case("The new V4 engine is quieter. Its maker said the V4 engines would ship in May.", (), {"Visegrád Group"}),
    case("The Hamas-led government in Gaza said schools would close. Hamas officials said so.",
         {"Hamas", "Palestine"}),
]


# 8. Datelines in other scripts weigh as datelines do in English.
DATELINES = [
    case("МИНСК, 5 мая — Президент выступил с речью о бюджете.", {"Belarus"}, title="Новости"),
    case("КИЇВ — Президент виступив з промовою про бюджет.", {"Ukraine"}, title="Новини"),
    case("Варшава (PAP) – Президент выступил с речью о бюджете.", {"Poland"}, title="Новости"),
    case("МОСКВА, 5 мая. /ТАСС/. Президент выступил с речью о бюджете.", {"Russia"}, title="Новости"),
    case("Washington (AP) — The president spoke about the budget on Monday.", {"United States"}, title="News"),
    # A capital named once in the lede is not a dateline, and no dash makes one.
    case("Президент выступил в Минске с речью о бюджете.", (), {"Belarus"}, title="Новости"),
    case("Лукашенко (президент) говорит — бюджет вырос.", (), {"Belarus"}, title="Новости"),
]


# 9. Towns written in other scripts (GeoNames' alternate names, read with the language's morphology).
def places_of(text: str, title: str = "Новости") -> tuple[set[str], set[tuple[str, str]]]:
    result = default_tagger().tag(title, text)
    return set(result.tags), {(place["name"], place["country"]) for place in result.places}


@pytest.mark.parametrize("text, title, tag, place", [
    ("В Бресте и Гродно прошли встречи фермеров Беларуси.", "Новости", "Belarus", ("Hrodna", "BY")),
    ("У Львові відбулася зустріч. Уряд України обіцяв допомогу.", "Новини", "Ukraine", ("Lviv", "UA")),
    ("白俄罗斯的布列斯特和明斯克举行了会议。", "新闻", "Belarus", ("Brest", "BY")),
    ("БРЕСТ, 5 мая — Фермеры провели встречу.", "Новости", "Belarus", ("Brest", "BY")),
    # Detected as Macedonian (no names file): read as the nearest language that has one.
    ("Президент Беларуси посетил Брест, Гродно и Витебск.", "Визит", "Belarus", ("Hrodna", "BY")),
])
def test_towns_in_other_scripts(text, title, tag, place):
    tags, places = places_of(text, title)
    assert tag in tags and place in places


def test_a_town_in_another_script_helps_a_named_country_over_the_threshold():
    """Belarus named once in the body is too little; its two towns make it a tag."""
    text = "Фермеры собрались на ярмарку. Министр Беларуси приехал в Брест, а потом в Гродно."
    tags, places = places_of(text)
    assert "Belarus" in tags and {("Brest", "BY"), ("Hrodna", "BY")} <= places
    # Without the country's name the towns are listed but do not tag it on their own.
    tags, places = places_of(text.replace("Министр Беларуси", "Министр"))
    assert "Belarus" not in tags and ("Hrodna", "BY") in places


@pytest.mark.parametrize("text, title, absent", [
    # One town of 350,000 named once counts only beside other evidence for its country.
    ("В Бресте прошёл концерт известной группы.", "Новости", "Belarus"),
    # A town's name written in lower case is a word ("орёл", an eagle; Oryol is a city).
    ("Над полем долго кружил орёл, а потом орёл улетел.", "Природа", "Russia"),
])
def test_towns_in_other_scripts_should_not_match(text, title, absent):
    tags, _ = places_of(text, title)
    assert absent not in tags


def test_a_short_text_detected_as_a_language_without_names_uses_the_nearest():
    """QA trial: "ШОС" was not tagged: the short Russian text was detected as Tajik."""
    assert "SCO" in default_tagger().tag("Саммит ШОС", "Саммит ШОС.").tags


@pytest.mark.parametrize("text, present, absent, title", DATELINES)
def test_datelines_in_other_scripts(text, present, absent, title):
    check(text, present, absent, title)


@pytest.mark.parametrize("text, present, absent, title", TOWNS)
def test_towns_named_after_places_abroad(text, present, absent, title):
    check(text, present, absent, title)


@pytest.mark.parametrize("text, present, absent, title", GEORGIA)
def test_georgia_the_state_and_the_country(text, present, absent, title):
    check(text, present, absent, title)


@pytest.mark.parametrize("text, present, absent, title", PEOPLE)
def test_peoples_names(text, present, absent, title):
    check(text, present, absent, title)


@pytest.mark.parametrize("text, present, absent, title", OTHER_NAMES)
def test_country_words_inside_other_names(text, present, absent, title):
    check(text, present, absent, title)


@pytest.mark.parametrize("text, present, absent, title", NEIGHBOURS)
def test_neighbours_longest_name_wins(text, present, absent, title):
    check(text, present, absent, title)


@pytest.mark.parametrize("text, present, absent, title", ACTORS)
def test_actors_and_bodies(text, present, absent, title):
    check(text, present, absent, title)


def test_actors_have_their_own_list():
    result = default_tagger().tag("Hamas and Israel agree truce",
                                  "Hamas and Israel agreed a truce in Gaza. Hamas said Israel must withdraw.")
    assert "Hamas" in result.actors and "Hamas" not in result.organisations
    assert all(country.name != "Hamas" for country in result.countries)
    assert result.tags == [c.name for c in result.countries] + result.organisations + result.actors


def test_headline_case_does_not_hide_countries():
    # Every word of a web headline is capitalised; "China Slams" is not a person.
    result = default_tagger().tag("China Slams New Tariffs As Trade War Deepens",
                                  "Beijing said the tariffs broke the rules.")
    assert "China" in result.tags


def test_given_names_come_from_a_maintained_table():
    names = given_names()
    assert len(names) > 10_000
    assert {"Bill", "Georgia", "Virginia", "Chad"} <= names
    assert "August" not in names and "Will" not in names  # words far more often than names
    assert {"mayor", "president", "photographer"} <= titles()
@pytest.mark.parametrize("text, present, absent, title", SUBDIVISIONS)
def test_subdivisions_count_for_their_country(text, present, absent, title):
    check(text, present, absent, title)




def test_a_country_named_in_two_sentences_is_kept_beside_a_dominant_one():
    # The place of a prisoner swap: named twice, far less than the United States.
    title = "Militants free American in prisoner swap"
    text = ("The Taliban freed an American engineer on Monday in exchange for a prisoner held in the "
            "United States, U.S. officials said.\n\n"
            "The exchange took place in Qatar. The United States thanked Qatar for its mediation, and "
            "the U.S. envoy said the United States would keep talking.")
    result = default_tagger().tag(title, text)
    assert {"United States", "Qatar", "Taliban"} <= set(result.tags)
    assert result.scores["Qatar"] < 0.25 * result.scores["United States"]


def test_subdivision_names_leave_out_everyday_words_and_given_names():
    from briefing.places import place_key
    from briefing.subdivisions import clean_name, subdivision_names

    names = subdivision_names()
    keys = {place_key(name) for name in names}  # ISO writes "Tamil Nādu": looked up without accents
    assert {"tamil nadu", "karnataka", "benue", "hebei", "cornwall"} <= keys
    assert names["Punjab"] == {"IN", "PK"}  # one name, two countries: the story's evidence decides
    # "Free State" loses its type word; "Plateau", "Central" and "Kent" are words or given names.
    assert not {"Free", "Plateau", "Central", "Kent", "Delta"} & set(names)
    assert clean_name("Hebei Sheng") == "Hebei" and clean_name("Wales [Cymru GB-CYM]") == "Wales"
