"""The protocol desk's endpoints take any body without a server error, and a refused one changes nothing
(the fuzzing of tests/security/test_fuzz.py, its fixtures and strategies, over these endpoints)."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from tests.security.test_fuzz import (  # noqa: F401 (admin, fuzz_app, send and tokens are fixtures)
    FUZZ,
    NAMES,
    ROW_IDS,
    Send,
    admin,
    body_of,
    fuzz_app,
    request_body,
    send,
    tokens,
)

STAND_INS = st.fixed_dictionaries({"name": NAMES}, optional={"position": NAMES | st.integers()}) | NAMES | st.none() \
    | st.lists(NAMES, max_size=2) | st.fixed_dictionaries({"name": st.text(max_size=210)})


@FUZZ
@given(data=st.data())
def test_a_check_in_with_any_stand_in_never_fails_the_server(send: Send, tokens: list[str],  # noqa: F811 (fixtures)
                                                            data: st.DataObject) -> None:
    body, content_type = data.draw(request_body(
        body_of({"attendee_id": ROW_IDS, "stand_in": STAND_INS}, desk=NAMES)
        | body_of({"token": st.sampled_from(tokens), "stand_in": STAND_INS})))
    assert send("POST", "/api/v1/checkins", body, content_type).status_code in {200, 400, 413, 415}


@FUZZ
@given(data=st.data())
def test_an_absence_takes_any_body_and_id(send: Send, data: st.DataObject) -> None:  # noqa: F811 (a fixture)
    target = data.draw(st.one_of(ROW_IDS, st.text(string.ascii_letters + string.digits + "-._~%", max_size=5)))
    body, content_type = data.draw(request_body(body_of({"reason": NAMES | st.text(max_size=310)})))
    method = data.draw(st.sampled_from(["PUT", "DELETE"]))
    response = send(method, f"/api/v1/attendees/{target}/absence", body, content_type)
    assert response.status_code in {200, 400, 404, 405, 409, 413, 415}
