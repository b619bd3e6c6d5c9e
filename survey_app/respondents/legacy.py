"""Text typed in legacy Vietnamese encodings (TCVN3/ABC with .VnTime fonts, VNI-Windows), turned into Unicode.

In a spreadsheet such text arrives as Latin-1 look-alikes: "NguyÔn V¨n A" (TCVN3) or
"Nguyeãn Vaên A" (VNI) for "Nguyễn Văn A". A word counts as evidence only when it is not
a Vietnamese syllable as it stands and becomes one once converted, so real Unicode
Vietnamese ("Hoà", "Tô Lâm") and English never trigger a conversion.
"""

import functools
import re
import unicodedata

# The 67 TCVN3 letters, in the same order in both strings (lower case, then the capitals TCVN3 has).
_TCVN3_UNICODE = (
    "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵ"
    "ĂÂĐÊÔƠƯ"
)
_TCVN3_LEGACY = (
    "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉË®ÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\u00adøõö÷ùýúûüþ"
    "¡¢§£¤¥¦"
)
#: TCVN3 character → Unicode letter.
TCVN3: dict[str, str] = dict(zip(_TCVN3_LEGACY, _TCVN3_UNICODE, strict=True))

_TONES = {"acute": "\u0301", "grave": "\u0300", "hook": "\u0309", "tilde": "\u0303", "dot": "\u0323"}
# VNI-Windows marks typed after a letter: plain tones, circumflex/breve with a tone, and the base forms.
_VNI_TONE = {"ù": "acute", "ø": "grave", "û": "hook", "õ": "tilde", "ï": "dot"}
_VNI_CIRCUMFLEX = {"â": None, "á": "acute", "à": "grave", "å": "hook", "ã": "tilde", "ä": "dot"}
_VNI_BREVE = {"ê": None, "é": "acute", "è": "grave", "ú": "hook", "ü": "tilde", "ë": "dot"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _compose(base: str, *marks: str | None) -> str:
    return unicodedata.normalize("NFC", base + "".join(mark for mark in marks if mark))


def _vni_table() -> dict[str, str]:
    """VNI sequence → Unicode letter, lower case; capitals are derived below."""
    table = dict(_VNI_SINGLE)
    for base in "aeiouy":
        for mark, tone in _VNI_TONE.items():
            table[base + mark] = _compose(base, _TONES[tone])
    for base in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            table[base + mark] = _compose(base, "\u0302", _TONES.get(tone))
    for mark, tone in _VNI_BREVE.items():
        table["a" + mark] = _compose("a", "\u0306", _TONES.get(tone))
    for single, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in _VNI_TONE.items():
            table[single + mark] = _compose(letter, _TONES[tone])
    return table


def _with_capitals(table: dict[str, str]) -> dict[str, str]:
    """Add upper-case spellings: "AÙ" (capitals) and "Aù" (a capitalised word) are both "Á"."""
    full = dict(table)
    for sequence, letter in table.items():
        first, rest = sequence[0], sequence[1:]
        for tail in {rest, rest.upper()}:
            full[first.upper() + tail] = letter.upper()
    return full


#: VNI sequence (one or two characters) → Unicode letter.
VNI: dict[str, str] = _with_capitals(_vni_table())

_TCVN3_PATTERN = re.compile("[" + re.escape("".join(TCVN3)) + "]")
_VNI_PATTERN = re.compile("|".join(re.escape(key) for key in sorted(VNI, key=len, reverse=True)))
_LATIN1_LETTERS = re.compile("[\u00a1-\u00ff]")
_UNICODE_ONLY = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9\u0300-\u036f]")
_WORD_SPLIT = re.compile(r"[\s,.;:!?()\[\]/\\\"'\-–—+=&*#%<>{}|]+")


def might_be_legacy(text: str) -> bool:
    """A cheap first test: legacy text has Latin-1 look-alikes and none of Unicode's own Vietnamese letters."""
    return not text.isascii() and not _UNICODE_ONLY.search(text) and _LATIN1_LETTERS.search(text) is not None


@functools.lru_cache(maxsize=16384)
def detect_legacy(text: str) -> str | None:
    """'tcvn3' or 'vni' when the text reads as Vietnamese only once converted from that encoding, else None."""
    if not might_be_legacy(text):
        return None
    if all(word.isascii() or is_syllable(word) for word in _WORD_SPLIT.split(text)):
        return None  # every word already reads as Vietnamese: nothing can be evidence of a legacy encoding
    scores = {encoding: (_evidence(text, encoding), -_tone_count(to_unicode(text, encoding)))
              for encoding in ("tcvn3", "vni")}
    # A tie (one short word such as "Löu") goes to the reading with fewer tones: "Lưu" rather than "Lửu".
    best = max(scores, key=lambda encoding: scores[encoding])
    return best if scores[best][0] > 0 else None


def _tone_count(text: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFD", text) if ch in _TONE_MARKS)


def to_unicode(text: str, encoding: str) -> str:
    """Convert text typed in 'tcvn3' or 'vni' to Unicode NFC."""
    if encoding == "tcvn3":
        converted = _TCVN3_PATTERN.sub(lambda match: TCVN3[match.group()], text)
        return _restore_capitals(converted)
    if encoding == "vni":
        return _VNI_PATTERN.sub(lambda match: VNI[match.group()], text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def _reliable_case(word: str) -> list[bool]:
    """Upper-case flags of the letters whose case TCVN3 records (ASCII letters and its 7 capitals)."""
    return [ch.isupper() for ch in word if (ch.isascii() and ch.isalpha()) or ch.lower() in "ăâđêôơư"]


def _restore_capitals(text: str) -> str:
    """.VnTimeH capitals share the lower-case codes: words typed in capitals are upper-cased whole.

    A word with two or more letters of known case decides for itself; a shorter one ("VÕ")
    follows the rest of the text when every deciding word is in capitals.
    """
    words = re.findall(r"\w+", text)
    deciding = [flags for flags in map(_reliable_case, words) if len(flags) >= 2]
    all_caps = bool(deciding) and all(all(flags) for flags in deciding)

    def fix(match: re.Match) -> str:
        flags = _reliable_case(match.group())
        if flags and all(flags) and (len(flags) >= 2 or all_caps):
            return match.group().upper()
        return match.group()

    return re.sub(r"\w+", fix, text)


def _evidence(text: str, encoding: str) -> int:
    """Words that become Vietnamese syllables once converted, minus words that do not."""
    score = 0
    for word in _WORD_SPLIT.split(text):
        if len(word) < 2 or word.isascii():
            continue
        converted = to_unicode(word, encoding)
        if converted == word:
            continue
        if is_syllable(converted) and not is_syllable(word):
            score += 1
        elif not is_syllable(converted):
            score -= 1
    return score


_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
# Vowel clusters that may take a final consonant, and those that end the syllable themselves.
_PALATAL = ("a", "ê", "i", "y", "oa", "uê", "uy")  #: the only clusters before -nh and -ch
_CLOSABLE = ("ă", "â", "e", "o", "ô", "ơ", "u", "ư", "oă", "oe", "uâ", "uô", "ươ", "iê", "yê", "uyê", "oo")
_OPEN = ("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưa", "ưi", "ưu",
         "ua", "uơ", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu")
_CODA = "(?:ng|[cmnpt])"


def _alternatives(items: tuple[str, ...]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE = re.compile(
    f"^{_ONSET}(?:(?:{_alternatives(_OPEN)})|(?:{_alternatives(_CLOSABLE)}){_CODA}?"
    f"|(?:{_alternatives(_PALATAL)})(?:nh|ch|{_CODA})?)$"
)
_TONE_MARKS = set(_TONES.values())


def _toneless_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x1EFA):
        decomposed = unicodedata.normalize("NFD", chr(code))
        if any(mark in _TONE_MARKS for mark in decomposed[1:]):
            table[code] = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return table


_TONELESS = _toneless_table()
_TONED = re.compile("[" + "".join(map(chr, _TONELESS)) + "".join(_TONE_MARKS) + "]")


def is_syllable(word: str) -> bool:
    """Whether a word has the shape of one Vietnamese syllable (onset, vowel nucleus, coda, at most one tone)."""
    lower = unicodedata.normalize("NFC", word.lower())
    if len(_TONED.findall(lower)) > 1:
        return False
    return _SYLLABLE.match(lower.translate(_TONELESS)) is not None
