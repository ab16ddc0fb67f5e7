"""LaTeX in BibTeX values turned into plain Unicode: {\\"o} → ö, \\'e → é, -- → –."""

import re
import unicodedata

# Accent commands and the combining character each puts on the next letter.
_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_SYMBOLS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textendash": "–",
    "textemdash": "—",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "guillemotleft": "«",
    "guillemotright": "»",
    "textnumero": "№",
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "dots": "…",
    "ldots": "…",
}
_ESCAPED = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "\x01", "}": "\x02", " ": " "}

_ACCENT = re.compile(
    r"\\(?P<cmd>[\"'`^~=.]|[uvHckrdb](?![a-zA-Z]))\s*(?:\{\s*(?P<braced>\\?[a-zA-Z]?)\s*\}|(?P<bare>\\?[a-zA-Z]))"
)
_SYMBOL = re.compile(r"\\(?P<cmd>[a-zA-Z]+)(?:\{\})?\s?")
_ESCAPE = re.compile(r"\\(?P<char>[&%$#_{} ])")
# Formatting commands whose argument is kept: \emph{x}, \textit{x}, \textbf{x}, \url{x}.
_FORMATTING = re.compile(
    r"\\(?:emph|textit|textbf|textsc|textrm|texttt|textup|mbox|url|em|it|bf)\b\s*"
)


def _accented(match):
    letter = match.group("braced") if match.group("braced") is not None else match.group("bare")
    letter = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", letter + _ACCENTS[match.group("cmd")])


def _symbol(match):
    command = match.group("cmd")
    if command in _SYMBOLS:
        return _SYMBOLS[command]
    return match.group(0)


def decode(value):
    """The text without LaTeX: accents and symbols as letters, braces and ~ removed."""
    if not any(mark in value for mark in ("\\", "{", "~", "--", "<<", "``")):
        return value
    value = _ESCAPE.sub(lambda m: _ESCAPED[m.group("char")], value)
    value = _ACCENT.sub(_accented, value)
    value = _FORMATTING.sub("", value)
    value = _SYMBOL.sub(_symbol, value)
    value = value.replace("---", "—").replace("--", "–").replace("~", "\u00a0")
    value = value.replace("``", "“").replace("''", "”").replace("<<", "«").replace(">>", "»")
    value = value.replace("{", "").replace("}", "")
    value = value.replace("\x01", "{").replace("\x02", "}").replace("\u00a0", " ")
    return unicodedata.normalize("NFC", value)
