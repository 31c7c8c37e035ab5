"""verinet.testing's assertion helpers fail with messages that show the witness."""

import pytest

from verinet.claims.certificate import Certificate, compare_le
from verinet.testing import assert_certificate_passes


def test_certificate_failures_are_listed_with_numbers_and_witness():
    cert = Certificate("demo", "1 <= 0", {}, [compare_le("c1", "one is small", 1, 0, witness={"x": "0"}),
                                              compare_le("c2", "fine", 0, 1)])
    with pytest.raises(AssertionError) as info:
        assert_certificate_passes(cert)
    assert str(info.value) == "demo: verdict fail, 1 of 2 checks fail\n  c1: 1 <= 0 is false (one is small); witness {'x': '0'}"


def test_a_certificate_without_checks_does_not_pass():
    with pytest.raises(AssertionError, match=r"0 of 0 checks fail \(no checks\)"):
        assert_certificate_passes(Certificate("empty", "nothing", {}))
