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

_TCVN3_TABLE = str.maketrans(TCVN3)
_VNI_PATTERN = re.compile("|".join(re.escape(key) for key in sorted(VNI, key=len, reverse=True)))
_LATIN1_LETTERS = re.compile("[\u00a1-\u00ff]")
_UNICODE_ONLY = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9\u0300-\u036f]")
_WORD = re.compile(r"\w+")
_WORD_SPLIT = re.compile(r"[\s,.;:!?()\[\]/\\\"'\-–—+=&*#%<>{}|]+")


def has_unicode_letters(text: str) -> bool:
    """Whether the text holds Vietnamese letters only Unicode has (ă, đ, ơ, ư, ạ …): it is not legacy text."""
    return _UNICODE_ONLY.search(text) is not None


def might_be_legacy(text: str) -> bool:
    """A cheap first test: legacy text has Latin-1 look-alikes and none of Unicode's own Vietnamese letters."""
    return not text.isascii() and not _UNICODE_ONLY.search(text) and _LATIN1_LETTERS.search(text) is not None


@functools.lru_cache(maxsize=16384)
def detect_legacy(text: str, prefer: str | None = None) -> str | None:
    """'tcvn3' or 'vni' when the text reads as Vietnamese only once converted from that encoding, else None.

    `prefer` (the encoding the rest of the file was typed in) settles a tie between the two readings.
    """
    if not might_be_legacy(text):
        return None
    words = _legacy_words(text)
    if all(map(is_syllable, words)):
        return None  # every word already reads as Vietnamese: nothing can be evidence of a legacy encoding
    scores = {encoding: _evidence(words, encoding) for encoding in ("tcvn3", "vni")}
    best = max(scores, key=lambda encoding: (scores[encoding], encoding == prefer, -_tones(words, encoding)))
    return best if scores[best] > 0 else None


@functools.lru_cache(maxsize=16384)
def reads_as(text: str, encoding: str) -> bool:
    """Whether converting from `encoding` changes the text and every changed word reads as Vietnamese.

    For words that read as Vietnamese either way ("Hoà Thò" is "Hồ Thị" in VNI): use it only when the
    rest of the row or file is known to be typed in that encoding.
    """
    if not might_be_legacy(text):
        return False
    changed = [converted for word in _legacy_words(text) if (converted := _convert_word(word, encoding)) != word]
    return bool(changed) and all(map(_reads_well, changed))


def _legacy_words(text: str) -> list[str]:
    return [word for word in _WORD_SPLIT.split(text) if len(word) > 1 and not word.isascii()]


def dominant_encoding(texts) -> str | None:
    """The legacy encoding most of a file's non-Unicode-looking texts were typed in, if they mostly were."""
    counts = {"tcvn3": 0, "vni": 0}
    candidates = 0
    for text in texts:
        if text and might_be_legacy(text):
            candidates += 1
            encoding = detect_legacy(text)
            if encoding:
                counts[encoding] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] and counts[best] * 10 >= candidates * 3 else None


def _tones(words: list[str], encoding: str) -> int:
    """Tone marks in the converted words: a tie ("Löu") goes to the reading with fewer, "Lưu" not "Lửu"."""
    return sum(len(_TONED.findall(_convert_word(word, encoding).lower())) for word in words)


@functools.lru_cache(maxsize=65536)
def _convert_word(word: str, encoding: str) -> str:
    return word.translate(_TCVN3_TABLE) if encoding == "tcvn3" else _VNI_PATTERN.sub(_vni_letter, word)


def _vni_letter(match: re.Match) -> str:
    return VNI[match.group()]


def to_unicode(text: str, encoding: str) -> str:
    """Convert text typed in 'tcvn3' or 'vni' to Unicode NFC."""
    if encoding == "tcvn3":
        return _restore_capitals(text.translate(_TCVN3_TABLE))
    if encoding == "vni":
        return _VNI_PATTERN.sub(_vni_letter, text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def _reliable_case(word: str) -> list[bool]:
    """Upper-case flags of the letters whose case TCVN3 records (ASCII letters and its 7 capitals)."""
    return [ch.isupper() for ch in word if (ch.isascii() and ch.isalpha()) or ch.lower() in "ăâđêôơư"]


def _restore_capitals(text: str) -> str:
    """.VnTimeH capitals share the lower-case codes: words typed in capitals are upper-cased whole.

    A word with two or more letters of known case decides for itself; a shorter one ("VÕ")
    follows the rest of the text when every deciding word is in capitals.
    """
    words = _WORD.findall(text)
    deciding = [flags for flags in map(_reliable_case, words) if len(flags) >= 2]
    all_caps = bool(deciding) and all(all(flags) for flags in deciding)

    def fix(match: re.Match) -> str:
        flags = _reliable_case(match.group())
        if flags and all(flags) and (len(flags) >= 2 or all_caps):
            return match.group().upper()
        return match.group()

    return _WORD.sub(fix, text)


def _evidence(words: list[str], encoding: str) -> int:
    """Words that read as Vietnamese only once converted, minus converted words that do not."""
    score = 0
    for word in words:
        converted = _convert_word(word, encoding)
        if converted == word:
            continue
        if not _reads_well(converted):
            score -= 1
        elif not is_syllable(word) and not _is_acronym(converted):
            score += 1
    return score


def _reads_well(word: str) -> bool:
    return is_syllable(word) or _is_acronym(word)


def _is_acronym(word: str) -> bool:
    """HĐND, UBND: capitals without a tone read fine though they are not syllables."""
    return word.isupper() and len(word) <= 8 and not _TONED.search(word.lower())


_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu(?![ouư])|th|tr|[bcdđghklmnprstvx])?"
# Vowel clusters that may take a final consonant, and those that end the syllable themselves.
_PALATAL = ("a", "ê", "i", "y", "oa", "uê", "uy")  #: the only clusters before -nh and -ch
_CLOSABLE = ("e", "o", "ô", "ơ", "u", "ư", "oe")
_CLOSED = ("ă", "â", "oă", "uâ", "uô", "ươ", "iê", "yê", "uyê", "oo")  #: never end a syllable themselves
_OPEN = ("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưa", "ưi", "ưu",
         "ua", "uơ", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu")
_CODA = "(?:ng|[cmnpt])"


def _alternatives(items: tuple[str, ...]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE = re.compile(
    f"^{_ONSET}(?:(?:{_alternatives(_OPEN)})|(?:{_alternatives(_CLOSABLE)}){_CODA}?"
    f"|(?:{_alternatives(_CLOSED)}){_CODA}|(?:{_alternatives(_PALATAL)})(?:nh|ch|{_CODA})?)$"
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


@functools.lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether a word has the shape of one Vietnamese syllable (onset, vowel nucleus, coda, at most one tone)."""
    lower = unicodedata.normalize("NFC", word.lower())
    if len(_TONED.findall(lower)) > 1:
        return False
    return _SYLLABLE.match(lower.translate(_TONELESS)) is not None
