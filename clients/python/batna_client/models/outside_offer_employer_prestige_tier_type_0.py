from enum import StrEnum

class OutsideOfferEmployerPrestigeTierType0(StrEnum):
    HIGH = "high"
    LOW = "low"
    MEDIUM = "medium"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
