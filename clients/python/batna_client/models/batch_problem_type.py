from enum import StrEnum

class BatchProblemType(StrEnum):
    HTTPSBATNA_DEVPROBLEMSBAD_INPUT = "https://batna.dev/problems/bad-input"
    HTTPSBATNA_DEVPROBLEMSBAD_REQUEST = "https://batna.dev/problems/bad-request"
    HTTPSBATNA_DEVPROBLEMSCLIENT_CLOSED_REQUEST = "https://batna.dev/problems/client-closed-request"
    HTTPSBATNA_DEVPROBLEMSENGINE_ERROR = "https://batna.dev/problems/engine-error"
    HTTPSBATNA_DEVPROBLEMSERROR = "https://batna.dev/problems/error"
    HTTPSBATNA_DEVPROBLEMSHEADERS_TOO_LARGE = "https://batna.dev/problems/headers-too-large"
    HTTPSBATNA_DEVPROBLEMSIDEMPOTENCY_KEY_REUSED = "https://batna.dev/problems/idempotency-key-reused"
    HTTPSBATNA_DEVPROBLEMSINTERNAL = "https://batna.dev/problems/internal"
    HTTPSBATNA_DEVPROBLEMSMALFORMED_JSON = "https://batna.dev/problems/malformed-json"
    HTTPSBATNA_DEVPROBLEMSMETHOD_NOT_ALLOWED = "https://batna.dev/problems/method-not-allowed"
    HTTPSBATNA_DEVPROBLEMSNOT_ACCEPTABLE = "https://batna.dev/problems/not-acceptable"
    HTTPSBATNA_DEVPROBLEMSNOT_FOUND = "https://batna.dev/problems/not-found"
    HTTPSBATNA_DEVPROBLEMSRATE_LIMITED = "https://batna.dev/problems/rate-limited"
    HTTPSBATNA_DEVPROBLEMSRULE_SYNTAX = "https://batna.dev/problems/rule-syntax"
    HTTPSBATNA_DEVPROBLEMSSTORE_UNAVAILABLE = "https://batna.dev/problems/store-unavailable"
    HTTPSBATNA_DEVPROBLEMSTIMEOUT = "https://batna.dev/problems/timeout"
    HTTPSBATNA_DEVPROBLEMSTOO_LARGE = "https://batna.dev/problems/too-large"
    HTTPSBATNA_DEVPROBLEMSUNAUTHORIZED = "https://batna.dev/problems/unauthorized"
    HTTPSBATNA_DEVPROBLEMSUNKNOWN_RULESET = "https://batna.dev/problems/unknown-ruleset"
    HTTPSBATNA_DEVPROBLEMSUNSUPPORTED_MEDIA_TYPE = "https://batna.dev/problems/unsupported-media-type"
    HTTPSBATNA_DEVPROBLEMSURI_TOO_LONG = "https://batna.dev/problems/uri-too-long"
    HTTPSBATNA_DEVPROBLEMSVALIDATION_FAILED = "https://batna.dev/problems/validation-failed"

    def __str__(self) -> str:
        return str(self.value)
