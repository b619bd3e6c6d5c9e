"""OpenAPI schemas of the integrity API (shared/API.md, Integrity v1 and v1.1)."""

INTEGER, STRING, NUMBER = {"type": "integer"}, {"type": "string"}, {"type": "number"}
NULLABLE = {"type": ["string", "null"]}
IDS = {"type": "array", "items": INTEGER}
SCAN = {"type": "object", "required": ["flags"], "properties": {
    "flags": INTEGER, "responses": INTEGER, "new": INTEGER, "updated": INTEGER}}
FLAG = {"type": "object", "required": ["id", "rule", "locality", "severity", "invitations", "evidence", "status"],
        "properties": {
            "id": INTEGER, "rule": STRING, "locality": STRING,
            "severity": {"type": "string", "enum": ["low", "medium", "high"]},
            "invitations": {"type": "array", "items": {"type": ["integer", "string"]}}, "evidence": {"type": "object"},
            "status": {"type": "string", "enum": ["open", "dismissed", "confirmed"]},
            "has_new_evidence": {"type": "boolean"}, "first_seen_at": STRING, "updated_at": STRING,
            "decided_by": NULLABLE, "decided_at": NULLABLE, "decision_reason": NULLABLE}}
FLAGS = {"type": "array", "items": FLAG}
FLAG_QUERY = {
    "severity": {"type": "string", "enum": ["low", "medium", "high"]},
    "status": {"type": "string", "enum": ["open", "dismissed", "confirmed"]},
    "locality": {"type": "string", "maxLength": 10}, "rule": {"type": "string", "maxLength": 40}}
LOCALITIES = {"type": "array", "items": {"type": "object", "required": ["code", "risk", "open_flags"], "properties": {
    "code": STRING, "name": STRING, "risk": {"type": "number", "minimum": 0, "maximum": 1}, "open_flags": INTEGER}}}
REVIEW_BODY = {"type": "object", "required": ["decision", "reason"], "properties": {
    "decision": {"type": "string", "enum": ["dismissed", "confirmed"]}, "reason": STRING}}
VOID_BODY = {"type": "object", "required": ["scope", "reason"], "properties": {
    "scope": {"type": "string", "enum": ["locality", "responses"]}, "locality": STRING, "invitations": IDS,
    "reason": STRING, "flags": IDS}}
VOID = {"type": "object", "required": ["id", "scope", "status"], "properties": {
    "id": INTEGER, "scope": {"type": "string", "enum": ["locality", "responses"]}, "locality": NULLABLE,
    "invitations": IDS, "reason": STRING, "status": {"type": "string", "enum": ["pending", "active", "revoked"]},
    "flags": IDS, "requested_by": NULLABLE, "requested_at": NULLABLE, "approved_by": NULLABLE,
    "approved_at": NULLABLE, "revoked_by": NULLABLE, "revoked_at": NULLABLE, "revoke_reason": NULLABLE}}
VOIDS = {"type": "array", "items": VOID}
REVOKE_BODY = {"type": "object", "required": ["reason"], "properties": {"reason": STRING}}
