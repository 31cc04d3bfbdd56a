"""The record model's own checks (provenance is a plain dataclass validated by hand)."""

import pytest
from pydantic import ValidationError

from rlist_ingest.records import Clause, Provenance


@pytest.mark.parametrize("first,last", [(0, 1), (5, 4), (-1, -1)])
def test_provenance_rejects_impossible_line_ranges(first, last):
    with pytest.raises(ValueError, match="line_first <= line_last"):
        Provenance("x.txt", first, last)


def test_provenance_from_json_is_validated_like_a_model():
    ok = '{"provenance": {"source": "x.txt", "line_first": 2, "line_last": 3}, "text": "t"}'
    assert Clause.model_validate_json(ok).provenance == Provenance("x.txt", 2, 3)
    for bad in ('{"source": "x.txt", "line_first": 3, "line_last": 2}',
                '{"source": "x.txt", "line_first": "two", "line_last": 3}',
                '{"source": "x.txt", "line_first": 2, "line_last": 3, "page": 1}'):
        with pytest.raises(ValidationError):
            Clause.model_validate_json(f'{{"provenance": {bad}, "text": "t"}}')
