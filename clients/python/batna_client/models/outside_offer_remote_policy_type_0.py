from enum import StrEnum

class OutsideOfferRemotePolicyType0(StrEnum):
    HYBRID = "hybrid"
    ONSITE = "onsite"
    REMOTE = "remote"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
