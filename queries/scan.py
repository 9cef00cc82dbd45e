"""Lexical checks on Cypher text: which $parameters it uses and whether it writes.

Comments and string literals are blanked first, so a keyword inside a quoted
value or a comment neither hides nor fakes a write clause.
"""

from __future__ import annotations

import re

LITERALS = re.compile(
    r"""//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`]|``)*`""",
    re.DOTALL,
)
PARAMETER = re.compile(r"\$(\w+)")
WRITES = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DETACH|DROP|FOREACH|LOAD\s+CSV|COPY|INSTALL"
    r"|CALL\s+dbms\w*|CALL\s+db\.create\w*)\b|\bapoc\.",
    re.IGNORECASE,
)
LIMIT_AFTER_RETURN = re.compile(r"\bRETURN\b(?!.*\bRETURN\b).*\bLIMIT\b", re.IGNORECASE | re.DOTALL)


def code_only(text: str) -> str:
    """The text with comments and string literals replaced by spaces (identifiers kept)."""
    return LITERALS.sub(lambda m: m.group(0) if m.group(0).startswith("`") else " ", text)


def parameters_used(text: str) -> set[str]:
    return set(PARAMETER.findall(code_only(text)))


def write_clauses(text: str) -> list[str]:
    """The write keywords the query contains, upper-cased, in order of appearance."""
    return [" ".join(m.group(0).upper().split()) for m in WRITES.finditer(code_only(text))]


def ends_with_limit(text: str) -> bool:
    """True when the final RETURN already carries its own LIMIT."""
    return bool(LIMIT_AFTER_RETURN.search(code_only(text)))


def returns_rows(text: str) -> bool:
    return bool(re.search(r"\bRETURN\b", code_only(text), re.IGNORECASE))


def final_return(text: str) -> str:
    """The code of the last RETURN clause (empty when there is none)."""
    code = code_only(text)
    at = [m.end() for m in re.finditer(r"\bRETURN\b", code, re.IGNORECASE)]
    return code[at[-1]:] if at else ""
