from enum import StrEnum

class AlternativesBatnaStrength(StrEnum):
    MODERATE = "moderate"
    NONE = "none"
    STRONG = "strong"
    UNKNOWN = "unknown"
    WEAK = "weak"

    def __str__(self) -> str:
        return str(self.value)
