"""False-positive classes of the user trials in other languages, each on a text written for this test
(none is taken from a news story or the benchmark sets), with a control that the real mention still counts.
"""

from __future__ import annotations

import pytest

from briefing.tag import default_tagger


def tagged(title: str, text: str, lang: str) -> set[str]:
    return set(default_tagger().tag(title, text, lang=lang).tags)


@pytest.mark.parametrize("lang, title, text", [
    ("pl", "Nowa biografia", "Historycy przypomnieli słowa Jerzego Waszyngtona o wolności. Biografia "
     "Waszyngtona ukazała się w nowym przekładzie."),
    ("ru", "Новая биография", "Историки вспомнили слова Джорджа Вашингтона о свободе. Биография Вашингтона "
     "вышла в новом переводе."),
    ("uk", "Нова біографія", "Історики згадали слова Джорджа Вашингтона про свободу. Біографія Вашингтона "
     "вийшла в новому перекладі."),
    ("de", "Neue Biografie", "Historiker erinnerten an die Worte George Washingtons über die Freiheit. Eine "
     "Biografie Washingtons erschien in neuer Übersetzung."),
    ("fr", "Nouvelle biographie", "Les historiens ont rappelé les mots de George Washington sur la liberté. "
     "Une biographie de Washington vient de paraître."),
])
def test_a_person_named_like_a_capital_is_not_the_country(lang, title, text):
    """User trial: "Jerzego Waszyngtona" (of George Washington) tagged the United States. After a given
    name in any of its forms (Faker's given names of the language, stemmed; pymorphy3's Name grammeme),
    the capital's name is a surname, and the surname alone later in the story is the same person."""
    assert "United States" not in tagged(title, text, lang)


@pytest.mark.parametrize("lang, title, text", [
    ("pl", "Wizyta w Waszyngtonie", "Premier spotkał się w Waszyngtonie z doradcami prezydenta. W Waszyngtonie "
     "rozmawiano o handlu."),
    ("ru", "Визит в Вашингтон", "Премьер встретился в Вашингтоне с советниками президента. В Вашингтоне "
     "обсуждали торговлю."),
])
def test_the_capital_itself_still_counts(lang, title, text):
    assert "United States" in tagged(title, text, lang)
