"""JSON schemas of the API's bodies (shared/API.md), for the views' @documented declarations."""

from survey_app.respondents.states import RespondentStatus
from survey_app.web.api.spec import binary


def obj(required: list[str], **properties) -> dict:
    """An object schema with these properties, of which `required` must be present."""
    return {"type": "object", "required": required, "properties": properties}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
MOMENT = {"type": "string", "format": "date-time"}
ANY_OBJECT = {"type": "object"}
XLSX_FILE = binary("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

TOKEN_BODY = obj(["email", "password"], email=STRING, password=STRING)
TOKEN = obj(["token", "expires_in"], token=STRING, expires_in=COUNT)
LOCALITY = obj(["code", "kind", "name", "official_domains"], code=STRING,
               kind={"type": "string", "enum": ["province", "ministry"]}, name=STRING, official_domains=array(STRING))
CAMPAIGN = obj(["id", "code", "title", "year", "model", "status", "list_deadline", "response_deadline"],
               id=INTEGER, code=STRING, title=STRING, year=INTEGER, model=STRING, status=STRING,
               list_deadline=MOMENT, response_deadline=MOMENT)
CAMPAIGN_DETAIL = {**CAMPAIGN, "required": [*CAMPAIGN["required"], "groups", "questionnaires"],
                   "properties": {**CAMPAIGN["properties"], "groups": array(ANY_OBJECT),
                                  "questionnaires": array(ANY_OBJECT)}}
CAMPAIGN_BODY = obj(["code", "title", "year", "list_deadline", "response_deadline"], code=STRING, title=STRING,
                    year=INTEGER, model={"type": "string", "enum": ["par-2024", "par-2025"]},
                    list_deadline=MOMENT, response_deadline=MOMENT)
RESPONDENT = obj(["id", "full_name", "position", "organisation", "group", "email", "status"],
                 id=INTEGER, full_name=STRING, position=STRING, organisation=STRING, group=STRING, email=STRING,
                 phone={"type": ["string", "null"]}, managing_ministry={"type": ["string", "null"]},
                 status={"type": "string", "enum": [status.value for status in RespondentStatus]},
                 excluded_reason={"type": ["string", "null"]})
LIST = obj(["status", "respondents", "warnings"], status=STRING, version=INTEGER, locality=STRING,
           respondents=array(RESPONDENT), warnings=array({}))
REJECTED = obj(["message"], row={"type": ["integer", "null"]}, column={"type": ["string", "null"]}, message=STRING)
IMPORT_REPORT = obj(["rows_total", "accepted", "excluded", "rejected", "duplicates", "warnings"],
                    rows_total=COUNT, accepted=COUNT, excluded=COUNT, rejected=array(REJECTED),
                    duplicates=array(ANY_OBJECT), warnings=array({}))
IMPORT_REFUSED = {**IMPORT_REPORT, "required": [*IMPORT_REPORT["required"], "errors"],
                  "properties": {**IMPORT_REPORT["properties"], "errors": array(REJECTED)}}
IMPORT_FORM = obj(["file"], file={"type": "string", "contentMediaType": "application/octet-stream"},
                  mode={"type": "string", "enum": ["replace", "append"]})
STATUS = obj(["status"], status=STRING)
RETURN_BODY = obj(["reason"], reason=STRING)
RETURNED = obj(["status", "reason"], status=STRING, reason={"type": ["string", "null"]})
DISPATCH_BODY = obj([], localities=array(STRING))
DISPATCHED = obj(["invitations_created", "messages_queued"], invitations_created=COUNT, messages_queued=COUNT)
REMINDERS_BODY = obj([], locality=STRING)
QUEUED = obj(["messages_queued"], messages_queued=COUNT)
MAIL_STATUS = obj(["queued", "sent", "deferred", "failed", "bounced"], queued=COUNT, sent=COUNT, deferred=COUNT,
                  failed=COUNT, bounced=COUNT)
PROGRESS = obj(["localities"], localities=array(ANY_OBJECT))
REISSUED = obj(["id", "url"], id=INTEGER, url=STRING)
LOCALITY_QUERY = {"locality": {"type": "string", "maxLength": 20}}
