"""The contract's patterns and the server's checks accept and refuse the same values.

A webhook ``url`` and a ruleset reference (``?ruleset=``, an impact analysis's
``candidate``) carry a pattern in the contract; the server decides with that very
pattern, so schemathesis's positive cases are accepted and its negative ones refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batna.engine import load_bundle
from batna.errors import ValidationFailed
from batna.schemas.rules import RULESET_REF, RULESET_TAG
from batna.schemas.webhooks import MAX_URL_LENGTH, URL_PATTERN, check_url

RULES = Path(__file__).resolve().parents[2] / "rules"
PROPERTY = settings(max_examples=500, deadline=None, derandomize=True, database=None)
_URL = re.compile(URL_PATTERN)


def _refused(url: str) -> str:
    with pytest.raises(ValidationFailed) as caught:
        check_url(url)
    [issue] = caught.value.issues
    assert issue.path == "/url"
    return issue.code


@PROPERTY
@given(st.from_regex(URL_PATTERN, fullmatch=True).filter(lambda u: len(u) <= MAX_URL_LENGTH))
def test_every_url_the_pattern_allows_is_accepted(url: str) -> None:
    assert check_url(url) == url


@PROPERTY
@given(st.one_of(st.text(), st.from_regex(r"\Ahttps?://\S{0,30}\Z")))
def test_a_url_the_pattern_refuses_is_refused(url: str) -> None:
    if _URL.fullmatch(url) and len(url) <= MAX_URL_LENGTH:
        assert check_url(url) == url
    else:
        assert _refused(url) in ("INVALID_URL", "INVALID_LENGTH")


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://hooks.example.com/batna?tenant=acme#done", True),
        ("http://127.0.0.1:65535/x/%20y", True),
        ("http://127.0.0.1:65536/", False),  # no such port
        ("HTTPS://hooks.example.com/", False),  # the pattern's scheme is lower case
        ("http://[::1]:8080/", False),  # IPv6 literals are not taken
        ("http://user:pw@example.com/", False),
        ("http://example.com/a b", False),
        ("http://example.com/100%", False),  # a bare % (RFC 3986: percent-encode it)
        ("http://example.com/caf\u00e9", False),
        ("http://example.com/\n", False),
    ],
)
def test_url_examples(url: str, *, accepted: bool) -> None:
    assert bool(_URL.fullmatch(url)) is accepted
    if accepted:
        assert check_url(url) == url
    else:
        assert _refused(url) == "INVALID_URL"


def test_every_loaded_ruleset_fits_the_reference_patterns() -> None:
    """What the server loads can always be named: bundles are held to the same shapes."""
    for ruleset in load_bundle(RULES).rulesets:
        tag = f"{ruleset.name}@{ruleset.version}"
        assert re.fullmatch(RULESET_TAG, tag), tag
        assert re.fullmatch(RULESET_REF, tag), tag
        assert re.fullmatch(RULESET_REF, ruleset.name), ruleset.name
        assert not re.fullmatch(RULESET_TAG, ruleset.name)
    for malformed in ("0", "Negotiation", "negotiation@1.1", "negotiation@1.1.0\n", "a@b@1.0.0"):
        assert not re.fullmatch(RULESET_REF, malformed), malformed
