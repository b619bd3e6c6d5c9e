"""OpenAPI schemas of the scores API (shared/API.md, Scores v1 and v1.1)."""

NUMBER, INTEGER, STRING = {"type": "number"}, {"type": "integer"}, {"type": "string"}
NULLABLE_PAIR = {"type": ["array", "null"], "items": NUMBER, "minItems": 2, "maxItems": 2}
COMPUTATION = {"type": "object", "required": ["model_checksum", "input_hash"], "properties": {
    "id": INTEGER, "model_checksum": STRING, "input_hash": STRING, "resamples": INTEGER, "computed_by": STRING,
    "computed_at": STRING, "status": {"type": "string", "enum": ["draft", "published"]},
    "published_at": {"type": ["string", "null"]}}}
CRITERION = {"type": "object", "required": ["code", "points", "max_points", "n"], "properties": {
    "code": STRING, "points": NUMBER, "max_points": NUMBER, "n": INTEGER, "no_valid_answers": {"type": "boolean"}}}
UNIT = {"type": "object", "required": ["code", "kind", "survey_points", "survey_max", "criteria", "appraisal_points",
                                       "index", "rank", "classification"], "properties": {
    "code": STRING, "kind": {"type": "string", "enum": ["province", "ministry"]}, "name": STRING,
    "survey_points": NUMBER, "survey_max": NUMBER, "criteria": {"type": "array", "items": CRITERION},
    "appraisal_points": NUMBER, "index": NUMBER, "rank": INTEGER, "classification": {"type": ["string", "null"]},
    "classifications": {"type": "object"}, "voided": {"type": "boolean"}, "index_interval": NULLABLE_PAIR,
    "rank_interval": NULLABLE_PAIR, "fields": {"type": "object"}, "computation": COMPUTATION}}
SCORES = {"type": "object", "required": ["units"], "properties": {
    "units": {"type": "array", "items": UNIT}, "computation": {"oneOf": [COMPUTATION, {"type": "null"}]}}}
COMPUTE_BODY = {"type": "object", "properties": {
    "resamples": {"type": "integer", "minimum": 0, "maximum": 5000,
                  "description": "bootstrap resamples for the intervals (default 1000; 0: none)"}}}
VOID_BODY = {"type": "object", "required": ["scope"], "properties": {
    "scope": {"type": "string", "enum": ["locality", "responses"]}, "locality": STRING,
    "invitations": {"type": "array", "items": INTEGER}, "reason": STRING}}
CHANGE = {"type": "object", "required": ["code", "kind", "index_before", "index_after", "rank_before", "rank_after"],
          "properties": {"code": STRING, "kind": STRING, "name": STRING, "survey_points_before": NUMBER,
                         "survey_points_after": NUMBER, "index_before": NUMBER, "index_after": NUMBER,
                         "rank_before": INTEGER, "rank_after": INTEGER, "voided_after": {"type": "boolean"}}}
PREVIEW = {"type": "object", "required": ["units"], "properties": {
    "units": {"type": "array", "items": CHANGE}, "void": {"type": "object"}}}
UPLOAD_FORM = {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "contentMediaType": "application/octet-stream",
             "description": ".xlsx or .csv: unit code, criterion code, points"}}}
UPLOAD = {"type": "object", "required": ["id", "checksum", "rows"], "properties": {
    "id": INTEGER, "filename": STRING, "checksum": STRING, "rows": INTEGER, "uploaded_by": STRING,
    "uploaded_at": STRING}}
PUBLISHED = {"type": "object", "required": ["computation"], "properties": {"computation": COMPUTATION}}
