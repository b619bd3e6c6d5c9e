"""Issue 10 item 7: schemathesis against the app's own OpenAPI document, a bounded number of examples per
operation (every /api/v1 operation, routes added later included), as a MOHA admin. Fails on any 5xx, an
undeclared status or content type, or a body that does not match its schema.

Operations are driven with Hypothesis directly (schemathesis's pytest plugin does not load under pytest 9).
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

#: Examples per operation: enough to reach each declared error path, bounded for CI's two cores.
EXAMPLES = 10
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]


def _exercise(operation, headers: dict) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)
    run()


def test_no_operation_breaks_its_contract(app, make_user, make_campaign, api_headers):
    make_campaign()  # some ids name a real campaign and list
    headers = api_headers(make_user("moha_admin"))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, exercised = {}, set()
    for result in schema.get_all_operations():
        operation = result.ok()
        exercised.add(operation.label)
        try:
            _exercise(operation, headers)
        except Exception as exc:  # noqa: BLE001  (every operation's failure is reported together)
            failures[operation.label] = str(exc)[:1500]
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    # schemathesis leaves out the document's own operation; test_openapi.py checks that one.
    assert exercised | {"GET /api/v1/openapi.json"} == {f"{m.upper()} {p}" for p, ms in document["paths"].items()
                                                         for m in ms}
    assert failures == {}, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
